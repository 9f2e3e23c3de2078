import type { SrpVerifier } from '../auth/srp-verifier'
import type { UserDevice, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'

/**
 * A device's SRP salt and verifier, sealed at rest like a user's: bound to the pool, the user's
 * sub and the device key, so a record copied to another user or device does not open.
 */

const PURPOSE = 'device-srp-verifier'
const context = (pool: UserPoolConfig, user: UserRecord, deviceKey: string) =>
  `${pool.Id}|${user.sub}|${deviceKey}`

export function sealDeviceVerifier(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  deviceKey: string,
  verifier: SrpVerifier,
): Promise<string> {
  return services.sealer.seal(PURPOSE, verifier, context(pool, user, deviceKey))
}

/** The device's verifier, or null for an unconfirmed device (or a record that does not open). */
export async function openDeviceVerifier(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  device: UserDevice,
): Promise<SrpVerifier | null> {
  if (!device.verifier) return null
  return services.sealer.open<SrpVerifier>(
    PURPOSE,
    device.verifier,
    context(pool, user, device.deviceKey),
  )
}
