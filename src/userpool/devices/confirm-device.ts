import { fromBase64, toHex } from '../../crypto/encoding'
import { validVerifier } from '../../crypto/srp'
import {
  DeviceKeyExistsException,
  InvalidParameterException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { changeDevice, readDevice } from '../store/devices'
import { isConfirmed, remembersOnConfirm } from './device-configuration'
import { sealDeviceVerifier } from './device-verifier'

export interface ConfirmDeviceInput {
  DeviceKey: string
  DeviceSecretVerifierConfig?: { PasswordVerifier?: string; Salt?: string }
  DeviceName?: string
}

/** Base64 as Cognito's clients send it, as hex; null when it is not base64 or is empty. */
function base64Hex(value: string | undefined, maxBytes: number): string | null {
  if (!value || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null
  try {
    const bytes = fromBase64(value)
    return bytes.length > 0 && bytes.length <= maxBytes ? toHex(bytes) : null
  } catch {
    return null
  }
}

/**
 * ConfirmDevice: stores the verifier the client made for the device its sign-in was given. Only
 * that sign-in's access token confirms it (`device_key` must name it), and only once: a confirmed
 * device's verifier is never replaced, so a stolen access token cannot take the device over. The
 * verifier must be a usable SRP number (see validVerifier). The device is remembered at once
 * unless the pool asks users first, which the answer's UserConfirmationNecessary says.
 */
export async function confirmDevice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  tokenDeviceKey: string | undefined,
  input: ConfirmDeviceInput,
  sourceIp: string | undefined,
): Promise<{ UserConfirmationNecessary: boolean }> {
  if (tokenDeviceKey !== input.DeviceKey)
    throw new ResourceNotFoundException('Device does not exist.')
  const saltHex = base64Hex(input.DeviceSecretVerifierConfig?.Salt, 64)
  const verifierHex = base64Hex(input.DeviceSecretVerifierConfig?.PasswordVerifier, 512)
  if (!saltHex || !verifierHex || !validVerifier(verifierHex))
    throw new InvalidParameterException('DeviceSecretVerifierConfig is not a valid SRP verifier.')
  const existing = await readDevice(services, pool, user, input.DeviceKey)
  if (!existing) throw new ResourceNotFoundException('Device does not exist.')
  if (isConfirmed(existing)) throw new DeviceKeyExistsException('Device already exists.')
  const verifier = await sealDeviceVerifier(services, pool, user, input.DeviceKey, {
    saltHex,
    verifierHex,
  })
  const remembered = remembersOnConfirm(pool)
  const now = services.now()
  let alreadyConfirmed = false
  const confirmed = await changeDevice(services, pool, user, input.DeviceKey, (device) => {
    // Two confirmations in a race: the first one's verifier stays.
    if (isConfirmed(device)) {
      alreadyConfirmed = true
      return null
    }
    const { expiresAt: _lapses, ...kept } = device
    return {
      ...kept,
      verifier,
      remembered,
      ...(input.DeviceName ? { name: input.DeviceName } : {}),
      ...(sourceIp ? { lastIp: sourceIp } : {}),
      updatedAt: now,
    }
  })
  if (alreadyConfirmed) throw new DeviceKeyExistsException('Device already exists.')
  if (!confirmed) throw new ResourceNotFoundException('Device does not exist.')
  return { UserConfirmationNecessary: !remembered }
}
