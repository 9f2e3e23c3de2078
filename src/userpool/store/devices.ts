import type { RecordStore } from '../../storage/record-store'
import type { UserDevice, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { userStore } from './directory'
import { directoryKeys } from './directory-keys'
import { ConcurrentModificationException } from '../../errors/cognito'
import { retryContended } from './retry-policy'

/**
 * A user's devices, in the user's partition under the user's sub. Callers ask for an intent
 * (store a new one, change one, forget one, list them); keys and versions stay in here.
 */

/** Whose devices: the user's name says which partition, its sub which records. */
export type DeviceOwner = Pick<UserRecord, 'username' | 'sub'>

const store = (services: UserPoolServices, pool: UserPoolConfig, user: DeviceOwner): RecordStore =>
  userStore(services, pool, user.username)

const put = (user: DeviceOwner, device: UserDevice) => ({
  key: directoryKeys.device(user.sub, device.deviceKey),
  value: device,
  ...(device.expiresAt !== undefined ? { expiresAt: device.expiresAt } : {}),
})

/** Stores a device handed out at sign-in (its key is fresh: it must not exist). */
export async function storeNewDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: DeviceOwner,
  device: UserDevice,
): Promise<void> {
  const record = put(user, device)
  await store(services, pool, user).commit({
    expect: [{ key: record.key, version: 0 }],
    put: [record],
  })
}

/** One of the user's devices, or null (another user's, another pool's, forgotten or lapsed). */
export async function readDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: DeviceOwner,
  deviceKey: string,
): Promise<UserDevice | null> {
  const record = await store(services, pool, user).get<UserDevice>(
    directoryKeys.device(user.sub, deviceKey),
  )
  return record?.value ?? null
}

/**
 * Replaces a device with `change` of it by compare-and-set, retried under contention (a sign-in
 * stamping its last use beside a status change): null when there is no such device, or when
 * `change` answers null (nothing to write).
 */
export async function changeDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: DeviceOwner,
  deviceKey: string,
  change: (device: UserDevice) => UserDevice | null,
): Promise<UserDevice | null> {
  const devices = store(services, pool, user)
  const key = directoryKeys.device(user.sub, deviceKey)
  return retryContended(async () => {
    const current = await devices.get<UserDevice>(key)
    if (!current) return null
    const next = change(current.value)
    if (!next) return null
    const result = await devices.commit({
      expect: [{ key, version: current.version }],
      put: [put(user, next)],
    })
    if (!result.ok)
      throw new ConcurrentModificationException('The device was modified concurrently; try again.')
    return next
  })
}

/** Forgets a device; false when the user has no such device. */
export async function deleteDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: DeviceOwner,
  deviceKey: string,
): Promise<boolean> {
  const devices = store(services, pool, user)
  const key = directoryKeys.device(user.sub, deviceKey)
  const current = await devices.get<UserDevice>(key)
  if (!current) return false
  await devices.commit({ delete: [key] })
  return true
}

/**
 * A page of the user's devices in key order, unconfirmed ones included (the caller filters);
 * `next` is the last device key read when more may follow.
 */
export async function listDeviceRecords(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: DeviceOwner,
  limit: number,
  after: string | undefined,
): Promise<{ devices: UserDevice[]; next?: string }> {
  const page = await store(services, pool, user).list<UserDevice>(
    directoryKeys.devicePrefix(user.sub),
    { limit, ...(after ? { after: directoryKeys.device(user.sub, after) } : {}) },
  )
  const devices = page.records.map((record) => record.value)
  return page.next ? { devices, next: devices[devices.length - 1]!.deviceKey } : { devices }
}

/** Forgets every device of a user (the user is being deleted), a page at a time. */
export async function deleteAllDevices(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: DeviceOwner,
): Promise<void> {
  const devices = store(services, pool, user)
  for (;;) {
    const page = await devices.list<UserDevice>(directoryKeys.devicePrefix(user.sub))
    if (page.records.length === 0) return
    await devices.commit({ delete: page.records.map((record) => record.key) })
    if (!page.next) return
  }
}
