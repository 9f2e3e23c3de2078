import { InvalidParameterException } from '../../errors/cognito'
import { saveChange, withFreshUser } from '../store/users'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'

interface FactorSettings {
  Enabled?: boolean
  PreferredMfa?: boolean
}

export interface MfaPreferenceInput {
  SMSMfaSettings?: FactorSettings
  SoftwareTokenMfaSettings?: FactorSettings
  EmailMfaSettings?: FactorSettings
  WebAuthnMfaSettings?: { Enabled?: boolean }
}

/**
 * SetUserMFAPreference / AdminSetUserMFAPreference for the one factor Portcullis offers, a TOTP
 * authenticator: it can be turned on only once verified, and not off while the pool requires MFA.
 * Turning on SMS, email or WebAuthn MFA is refused rather than ignored.
 */
export async function setMfaPreference(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  input: MfaPreferenceInput,
): Promise<void> {
  for (const [member, factor] of [
    ['SMSMfaSettings', 'SMS'],
    ['EmailMfaSettings', 'Email'],
    ['WebAuthnMfaSettings', 'WebAuthn'],
  ] as const) {
    if (input[member]?.Enabled)
      throw new InvalidParameterException(
        `${factor} MFA is not supported by this server; only software token (TOTP) MFA is.`,
      )
  }
  const settings = input.SoftwareTokenMfaSettings
  if (!settings) return
  await withFreshUser(services, pool, username, (found) => {
    const next = softwareTokenPreference(pool, found.user, settings)
    return saveChange(services, pool, found, (user) => ({ ...user, softwareTokenMfa: next }))
  })
}

function softwareTokenPreference(
  pool: UserPoolConfig,
  user: UserRecord,
  settings: FactorSettings,
): NonNullable<UserRecord['softwareTokenMfa']> {
  const enabled = settings.Enabled ?? user.softwareTokenMfa?.enabled ?? false
  const preferred = settings.PreferredMfa ?? user.softwareTokenMfa?.preferred ?? false
  if (enabled && !user.softwareToken)
    throw new InvalidParameterException('User has not verified software token mfa')
  if (preferred && !enabled)
    throw new InvalidParameterException('A factor must be enabled to be preferred.')
  if (!enabled && user.softwareTokenMfa?.enabled && pool.MfaConfiguration === 'ON') {
    throw new InvalidParameterException(
      'The user pool requires MFA: software token MFA cannot be turned off for this user.',
    )
  }
  return { enabled, preferred }
}

/** GetUser / AdminGetUser's MFA members for a user. */
export function mfaSettingsOf(user: UserRecord): {
  UserMFASettingList: string[]
  PreferredMfaSetting?: string
} {
  const enabled = user.softwareTokenMfa?.enabled === true && user.softwareToken !== undefined
  return {
    UserMFASettingList: enabled ? ['SOFTWARE_TOKEN_MFA'] : [],
    ...(enabled && user.softwareTokenMfa?.preferred
      ? { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' }
      : {}),
  }
}
