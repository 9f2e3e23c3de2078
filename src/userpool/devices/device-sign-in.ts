import { NotAuthorizedException, ResourceNotFoundException } from '../../errors/cognito'
import type { RefreshTokenFamily, UserDevice, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { getUserByUsername } from '../store/directory'
import { changeDevice, readDevice, type DeviceOwner } from '../store/devices'
import { isConfirmed, tracksDevices } from './device-configuration'

const NO_DEVICE = 'Device does not exist.'
const DEVICE_KEY_FORM = /^[\w-]+_[0-9a-f-]+$/
/** Stands in for a sub where no user answers to a name, so the lookup costs the same. */
const NOBODY = 'no-such-user'

/** The owner's confirmed device under a key, or null (a malformed key reads nothing). */
async function confirmedDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  owner: DeviceOwner,
  deviceKey: string,
): Promise<UserDevice | null> {
  if (!DEVICE_KEY_FORM.test(deviceKey)) return null
  const device = await readDevice(services, pool, owner, deviceKey)
  return device && isConfirmed(device) ? device : null
}

/**
 * The confirmed device a sign-in presents as DEVICE_KEY, or null when it presents none or the pool
 * tracks no devices. A key that names no confirmed device of this user (another user's, another
 * pool's, one never confirmed or forgotten) is ResourceNotFoundException "Device does not exist.",
 * on which Cognito's clients drop the key and sign in again without it.
 */
export async function presentedDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  deviceKey: string | undefined,
): Promise<UserDevice | null> {
  if (!deviceKey || !tracksDevices(pool)) return null
  const device = await confirmedDevice(services, pool, user, deviceKey)
  if (!device) throw new ResourceNotFoundException(NO_DEVICE)
  return device
}

/**
 * The same check for a sign-in whose user is known only by the name it gave (a PASSWORD_VERIFIER
 * answer, before its secret block is spent): an unknown name reads a device as a known one does
 * and gets the same answer as a known user with a key that is not theirs.
 */
export async function presentedDeviceOf(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string | undefined,
  deviceKey: string | undefined,
): Promise<void> {
  if (!deviceKey || !tracksDevices(pool)) return
  const loaded = username ? await getUserByUsername(services, pool, username) : null
  const owner = { username: username ?? NOBODY, sub: loaded?.user.sub ?? NOBODY }
  const device = await confirmedDevice(services, pool, owner, deviceKey)
  if (!loaded || !device) throw new ResourceNotFoundException(NO_DEVICE)
}

/** A device has just proven itself: when and from where it was last used. */
export async function recordDeviceSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  deviceKey: string,
  sourceIp: string | undefined,
): Promise<void> {
  await changeDevice(services, pool, user, deviceKey, (device) => ({
    ...device,
    lastAuthenticatedAt: services.now(),
    ...(sourceIp ? { lastIp: sourceIp } : {}),
  }))
}

/**
 * A refresh-token family begun on a device refreshes only from it: the request must present the
 * same DEVICE_KEY, and the device must still be there (forgetting it ends its refresh tokens).
 * NotAuthorizedException otherwise, as Cognito answers.
 */
export async function assertRefreshDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  family: RefreshTokenFamily,
  deviceKey: string | undefined,
): Promise<void> {
  if (!family.deviceKey) return
  if (deviceKey !== family.deviceKey) throw new NotAuthorizedException('Invalid Refresh Token')
  if (!(await readDevice(services, pool, user, family.deviceKey)))
    throw new NotAuthorizedException('Refresh Token has been revoked')
}
