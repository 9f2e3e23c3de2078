import { InvalidParameterException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'

export type MfaConfiguration = UserPoolConfig['MfaConfiguration']

/** A second factor as Cognito names it in challenges and in UserMFASettingList. */
export type MfaFactor = 'SMS_MFA' | 'EMAIL_OTP' | 'SOFTWARE_TOKEN_MFA'

/** The second factors a pool offers (SetUserPoolMfaConfig), in the order Cognito lists them. */
export function poolFactors(
  pool: Pick<UserPoolConfig, 'smsMfa' | 'emailMfa' | 'softwareTokenMfa'>,
): MfaFactor[] {
  return [
    ...(pool.smsMfa ? (['SMS_MFA'] as const) : []),
    ...(pool.softwareTokenMfa ? (['SOFTWARE_TOKEN_MFA'] as const) : []),
    ...(pool.emailMfa ? (['EMAIL_OTP'] as const) : []),
  ]
}

/**
 * MFA can only be ON or OPTIONAL when the pool offers a factor (SMS, email or a TOTP
 * authenticator). Refusing here keeps a pool from claiming MFA it would not ask for.
 */
export function checkMfaConfiguration(mfa: MfaConfiguration, factorsOffered: number): void {
  if (mfa !== 'OFF' && factorsOffered === 0) {
    throw new InvalidParameterException(
      'MfaConfiguration ON or OPTIONAL needs a second factor: enable SmsMfaConfiguration, EmailMfaConfiguration or SoftwareTokenMfaConfiguration with SetUserPoolMfaConfig.',
    )
  }
}
