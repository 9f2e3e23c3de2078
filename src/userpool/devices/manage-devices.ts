import { ResourceNotFoundException } from '../../errors/cognito'
import type { UserDevice, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { changeDevice, deleteDevice, listDeviceRecords, readDevice } from '../store/devices'
import { isConfirmed } from './device-configuration'

/**
 * ListDevices, GetDevice, UpdateDeviceStatus and ForgetDevice, for the user an access token names
 * and (the Admin forms) for any user. Only confirmed devices exist to them: a key handed out at
 * sign-in and never confirmed is no device yet.
 */

const NO_DEVICE = 'Device does not exist.'

/** A page of the user's confirmed devices, in key order; `next` when more may follow. */
export async function listUserDevices(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  limit: number,
  after: string | undefined,
): Promise<{ devices: UserDevice[]; next?: string }> {
  const page = await listDeviceRecords(services, pool, user, limit, after)
  const devices = page.devices.filter(isConfirmed)
  return page.next ? { devices, next: page.next } : { devices }
}

/** One of the user's confirmed devices, or ResourceNotFoundException. */
export async function requireDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  deviceKey: string,
): Promise<UserDevice> {
  const device = await readDevice(services, pool, user, deviceKey)
  if (!device || !isConfirmed(device)) throw new ResourceNotFoundException(NO_DEVICE)
  return device
}

/** UpdateDeviceStatus: remembered devices may stand in for MFA, not-remembered ones never. */
export async function setDeviceRemembered(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  deviceKey: string,
  remembered: boolean,
): Promise<void> {
  const changed = await changeDevice(services, pool, user, deviceKey, (device) =>
    isConfirmed(device) ? { ...device, remembered, updatedAt: services.now() } : null,
  )
  if (!changed) throw new ResourceNotFoundException(NO_DEVICE)
}

/** ForgetDevice: the device is gone; its key no longer signs in nor refreshes. */
export async function forgetDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  deviceKey: string,
): Promise<void> {
  await requireDevice(services, pool, user, deviceKey)
  if (!(await deleteDevice(services, pool, user, deviceKey)))
    throw new ResourceNotFoundException(NO_DEVICE)
}
