import { InvalidParameterException } from '../../errors/cognito'
import { saveChange, withFreshUser } from '../store/users'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { webAuthnConfigOf } from '../passkeys/relying-party'
import { type MfaFactor, poolFactors } from './mfa-mode'

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

type Preference = { enabled: boolean; preferred: boolean }

/** Where each factor's preference is kept on the user record. */
const FIELD = {
  SMS_MFA: 'smsMfa',
  SOFTWARE_TOKEN_MFA: 'softwareTokenMfa',
  EMAIL_OTP: 'emailMfa',
} as const satisfies Record<MfaFactor, keyof UserRecord>

const NAME: Record<MfaFactor, string> = {
  SMS_MFA: 'SMS',
  SOFTWARE_TOKEN_MFA: 'Software token',
  EMAIL_OTP: 'Email',
}

/**
 * Whether the user could receive or produce a code of this factor: an SMS code needs a phone
 * number (verified or not: a right code verifies it, as in Cognito), an email code a verified
 * email address, a TOTP code a verified authenticator.
 */
export function canUseFactor(user: UserRecord, factor: MfaFactor): boolean {
  switch (factor) {
    case 'SMS_MFA':
      return Boolean(user.attributes.phone_number)
    case 'EMAIL_OTP':
      return Boolean(user.attributes.email) && user.attributes.email_verified === 'true'
    case 'SOFTWARE_TOKEN_MFA':
      return user.softwareToken !== undefined
  }
}

const MISSING: Record<MfaFactor, string> = {
  SMS_MFA: 'User does not have a phone number to receive SMS MFA codes.',
  EMAIL_OTP: 'User does not have a verified email address to receive email MFA codes.',
  SOFTWARE_TOKEN_MFA: 'User has not verified software token mfa',
}

/**
 * SetUserMFAPreference / AdminSetUserMFAPreference: each factor on or off and at most one
 * preferred (choosing one unprefers the others). A factor can be turned on only where the pool
 * offers it and the user can use it (see canUseFactor); a factor must be on to be preferred; and
 * while the pool requires MFA, the user's last factor cannot be turned off. WebAuthnMfaSettings
 * (passkey MFA, see webAuthnMfaAfter) is set alongside, in the same write.
 */
export async function setMfaPreference(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  input: MfaPreferenceInput,
): Promise<void> {
  const requested: Array<[MfaFactor, FactorSettings | undefined]> = [
    ['SMS_MFA', input.SMSMfaSettings],
    ['SOFTWARE_TOKEN_MFA', input.SoftwareTokenMfaSettings],
    ['EMAIL_OTP', input.EmailMfaSettings],
  ]
  const changes = requested.filter((entry): entry is [MfaFactor, FactorSettings] => !!entry[1])
  const webAuthn = input.WebAuthnMfaSettings?.Enabled
  if (changes.length === 0 && webAuthn === undefined) return
  await withFreshUser(services, pool, username, (found) =>
    saveChange(services, pool, found, (user) => {
      const next = { ...user, ...preferencesAfter(pool, user, new Map(changes)) }
      return webAuthn === undefined ? next : { ...next, ...webAuthnMfaAfter(pool, next, webAuthn) }
    }),
  )
}

/**
 * Passkey MFA (WebAuthnMfaSettings) on or off. As the model has it, turning it on needs the pool's
 * WebAuthnConfiguration FactorConfiguration to be MULTI_FACTOR_WITH_USER_VERIFICATION, and the
 * user to have another MFA factor on (with the change applied), so that a lost passkey does not
 * lock them out. Off is always allowed.
 */
function webAuthnMfaAfter(
  pool: UserPoolConfig,
  user: UserRecord,
  enabled: boolean,
): Pick<UserRecord, 'webAuthnMfa'> {
  if (enabled) {
    if (webAuthnConfigOf(pool).FactorConfiguration !== 'MULTI_FACTOR_WITH_USER_VERIFICATION')
      throw new InvalidParameterException(
        'Passkey MFA needs the user pool WebAuthnConfiguration FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION.',
      )
    if (enabledFactors(pool, user).length === 0)
      throw new InvalidParameterException(
        'The user must have another MFA factor (SMS, email or software token) on to turn on passkey MFA.',
      )
  }
  return { webAuthnMfa: { enabled } }
}

/** The user's factor preferences once `changes` are applied, checked against the rules above. */
export function preferencesAfter(
  pool: UserPoolConfig,
  user: UserRecord,
  changes: Map<MfaFactor, FactorSettings>,
): Partial<Pick<UserRecord, 'smsMfa' | 'softwareTokenMfa' | 'emailMfa'>> {
  const offered = poolFactors(pool)
  const preferredNow = [...changes].find(([, s]) => s.PreferredMfa === true)?.[0]
  const next = new Map<MfaFactor, Preference>()
  for (const factor of Object.keys(FIELD) as MfaFactor[]) {
    const current = user[FIELD[factor]]
    const asked = changes.get(factor)
    const enabled = asked?.Enabled ?? current?.enabled ?? false
    const preferred =
      preferredNow && preferredNow !== factor
        ? false
        : (asked?.PreferredMfa ?? current?.preferred ?? false)
    if (asked && enabled && !current?.enabled) {
      if (!offered.includes(factor))
        throw new InvalidParameterException(
          `${NAME[factor]} MFA is not enabled for this user pool: SetUserPoolMfaConfig turns it on.`,
        )
      if (!canUseFactor(user, factor)) throw new InvalidParameterException(MISSING[factor])
    }
    if (asked && preferred && !enabled)
      throw new InvalidParameterException('A factor must be enabled to be preferred.')
    next.set(factor, { enabled, preferred: enabled && preferred })
  }
  const before = enabledFactors(pool, user).length
  const after = [...next].filter(([f, p]) => p.enabled && offered.includes(f)).length
  if (pool.MfaConfiguration === 'ON' && before > 0 && after === 0)
    throw new InvalidParameterException(
      'The user pool requires MFA: the user’s last MFA factor cannot be turned off.',
    )
  return Object.fromEntries(
    [...next]
      .filter(([factor, pref]) => changes.has(factor) || user[FIELD[factor]] || pref.enabled)
      .map(([factor, pref]) => [FIELD[factor], pref]),
  )
}

/** The factors a user has turned on that the pool offers and the user can still use, in Cognito's order. */
export function enabledFactors(pool: UserPoolConfig, user: UserRecord): MfaFactor[] {
  return poolFactors(pool).filter(
    (factor) => user[FIELD[factor]]?.enabled === true && canUseFactor(user, factor),
  )
}

/** The one of them the user prefers, if any. */
export function preferredFactor(pool: UserPoolConfig, user: UserRecord): MfaFactor | undefined {
  return enabledFactors(pool, user).find((factor) => user[FIELD[factor]]?.preferred === true)
}

/** GetUser / AdminGetUser / GetUserAuthFactors' MFA members for a user. */
export function mfaSettingsOf(user: UserRecord): {
  UserMFASettingList: string[]
  PreferredMfaSetting?: string
} {
  const enabled = (Object.keys(FIELD) as MfaFactor[]).filter(
    (factor) => user[FIELD[factor]]?.enabled === true && canUseFactor(user, factor),
  )
  const preferred = enabled.find((factor) => user[FIELD[factor]]?.preferred === true)
  return {
    UserMFASettingList: enabled,
    ...(preferred ? { PreferredMfaSetting: preferred } : {}),
  }
}

/** GetUser / AdminGetUser's legacy MFAOptions: SMS to the phone number when SMS MFA is on. */
export function mfaOptionsOf(
  user: UserRecord,
): Array<{ DeliveryMedium: 'SMS'; AttributeName: 'phone_number' }> {
  return user.smsMfa?.enabled && canUseFactor(user, 'SMS_MFA')
    ? [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]
    : []
}

/**
 * SetUserSettings / AdminSetUserSettings, the legacy form amazon-cognito-identity-js's
 * enableMFA / disableMFA send: MFAOptions naming SMS to phone_number turns SMS MFA on, an empty
 * list turns it off. Other pairs are refused (the operation configures only SMS, as in Cognito).
 */
export async function setLegacyMfaOptions(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  options: Array<{ DeliveryMedium?: string; AttributeName?: string }>,
): Promise<void> {
  for (const option of options)
    if (option.DeliveryMedium !== 'SMS' || option.AttributeName !== 'phone_number')
      throw new InvalidParameterException(
        'MFAOptions can only turn on SMS MFA: DeliveryMedium SMS with AttributeName phone_number.',
      )
  await setMfaPreference(services, pool, username, {
    SMSMfaSettings: { Enabled: options.length > 0 },
  })
}
