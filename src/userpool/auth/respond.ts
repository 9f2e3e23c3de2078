import { InvalidParameterException } from '../../errors/cognito'
import { verifySecretHash } from '../clients/client-auth'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { respondCustomChallenge, respondCustomPasswordVerifier } from './custom-auth'
import { respondDevicePasswordVerifier, respondDeviceSrpAuth } from './device-srp'
import { respondNewPassword } from './new-password-required'
import { isUserAuthSession } from './user-auth-session'
import type { AuthOutcome, AuthRequestContext } from './outcome'
import { respondCodeMfa, respondSelectMfaType } from './code-mfa-answers'
import { respondMfaSetup, respondSoftwareTokenMfa } from './second-factor'
import { respondSrpPasswordVerifier } from './user-srp'
import { respondUserAuth } from './user-auth'

/** RespondToAuthChallenge / AdminRespondToAuthChallenge. */
export async function respondToChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  challengeName: string,
  responses: Record<string, string>,
  session: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  await verifySecretHash(client, responses.USERNAME ?? '', responses.SECRET_HASH)
  switch (challengeName) {
    case 'NEW_PASSWORD_REQUIRED':
      return respondNewPassword(services, pool, client, responses, session, context)
    case 'PASSWORD_VERIFIER':
      return (
        (await respondCustomPasswordVerifier(
          services,
          pool,
          client,
          responses,
          session,
          context,
        )) ?? respondSrpPasswordVerifier(services, pool, client, responses, context)
      )
    case 'CUSTOM_CHALLENGE':
      return respondCustomChallenge(services, pool, client, responses, session, context)
    case 'SOFTWARE_TOKEN_MFA':
      return respondSoftwareTokenMfa(services, pool, client, responses, session, context)
    case 'EMAIL_OTP':
      if (await isUserAuthSession(services, client, session))
        return respondUserAuth(services, pool, client, challengeName, responses, session, context)
      return respondCodeMfa(services, pool, client, challengeName, responses, session, context)
    case 'SMS_MFA':
      return respondCodeMfa(services, pool, client, challengeName, responses, session, context)
    case 'SELECT_MFA_TYPE':
      return respondSelectMfaType(services, pool, client, responses, session, context)
    case 'MFA_SETUP':
      return respondMfaSetup(services, pool, client, session, context)
    case 'DEVICE_SRP_AUTH':
      return respondDeviceSrpAuth(services, pool, client, responses, session)
    case 'DEVICE_PASSWORD_VERIFIER':
      return respondDevicePasswordVerifier(services, pool, client, responses, session, context)
    case 'SELECT_CHALLENGE':
    case 'PASSWORD':
    case 'PASSWORD_SRP':
    case 'WEB_AUTHN':
    case 'SMS_OTP':
      return respondUserAuth(services, pool, client, challengeName, responses, session, context)
    default:
      throw new InvalidParameterException(
        `Challenge ${challengeName} is not supported by this server yet.`,
      )
  }
}
