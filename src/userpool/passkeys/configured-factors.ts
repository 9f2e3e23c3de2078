import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { countCredentials } from '../store/webauthn-credentials'
import { allowedFirstFactors } from './relying-party'

type ConfiguredFactor = 'PASSWORD' | 'WEB_AUTHN' | 'EMAIL_OTP' | 'SMS_OTP'

/**
 * GetUserAuthFactors' ConfiguredUserAuthFactors: the USER_AUTH first factors this user can use in
 * this pool: a password, a registered passkey, an email address or phone number for a code.
 */
export async function configuredFirstFactors(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
): Promise<ConfiguredFactor[]> {
  const allowed = allowedFirstFactors(pool)
  const factors: ConfiguredFactor[] = []
  if (user.passwordHash) factors.push('PASSWORD')
  if (allowed.includes('EMAIL_OTP') && user.attributes.email) factors.push('EMAIL_OTP')
  if (allowed.includes('SMS_OTP') && user.attributes.phone_number) factors.push('SMS_OTP')
  if (allowed.includes('WEB_AUTHN') && (await countCredentials(services, pool, user)) > 0)
    factors.push('WEB_AUTHN')
  return factors
}
