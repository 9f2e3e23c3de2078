import { InvalidParameterException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'

export type MfaConfiguration = UserPoolConfig['MfaConfiguration']

/**
 * MFA can only be ON or OPTIONAL when the pool offers a factor, and the one factor Portcullis offers
 * is a TOTP authenticator. Refusing here keeps a pool from claiming MFA it would not ask for.
 */
export function checkMfaConfiguration(mfa: MfaConfiguration, softwareTokenMfa: boolean): void {
  if (mfa !== 'OFF' && !softwareTokenMfa) {
    throw new InvalidParameterException(
      'MfaConfiguration ON or OPTIONAL needs a second factor: enable SoftwareTokenMfaConfiguration with SetUserPoolMfaConfig (SMS and email MFA are not supported).',
    )
  }
}
