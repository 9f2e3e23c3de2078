import { randomString } from '../../crypto/random'
import { validitySeconds } from '../clients/clients'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { storeNewDevice } from '../store/devices'
import { tracksDevices } from './device-configuration'

/** Cognito's NewDeviceMetadataType. */
export interface NewDeviceMetadata {
  DeviceKey: string
  DeviceGroupKey: string
}

const GROUP_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/**
 * The device of a sign-in made without a known one, in a pool that tracks devices: a key
 * `{region}_{uuid}` (the pool's region, as Cognito spells them) and a group key, stored
 * unconfirmed until ConfirmDevice and lapsing with the sign-in's refresh token if it never comes.
 * Undefined when the pool tracks no devices.
 */
export async function newDeviceFor(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
): Promise<NewDeviceMetadata | undefined> {
  if (!tracksDevices(pool)) return undefined
  const region = pool.Id.slice(0, pool.Id.indexOf('_'))
  const now = services.now()
  const refreshSeconds = validitySeconds(
    client.RefreshTokenValidity,
    client.TokenValidityUnits.RefreshToken,
  )
  const metadata: NewDeviceMetadata = {
    DeviceKey: `${region}_${crypto.randomUUID()}`,
    DeviceGroupKey: `-${randomString(9, GROUP_KEY_ALPHABET)}`,
  }
  await storeNewDevice(services, pool, user, {
    deviceKey: metadata.DeviceKey,
    deviceGroupKey: metadata.DeviceGroupKey,
    remembered: false,
    createdAt: now,
    updatedAt: now,
    lastAuthenticatedAt: now,
    expiresAt: now + refreshSeconds * 1000,
  })
  return metadata
}
