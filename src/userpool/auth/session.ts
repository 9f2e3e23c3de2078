import { NotAuthorizedException } from '../../errors/cognito'
import type { UserPoolClientConfig } from '../model'
import type { UserPoolServices } from '../services'
import type { MfaFactor } from '../mfa/mfa-mode'
import type { SignInCodeTicket } from '../mfa/sign-in-codes'

/** What a challenge Session carries between InitiateAuth and RespondToAuthChallenge. */
export interface AuthSession {
  challenge:
    | 'NEW_PASSWORD_REQUIRED'
    | 'SOFTWARE_TOKEN_MFA'
    | 'DEVICE_SRP_AUTH'
    | 'DEVICE_PASSWORD_VERIFIER'
    | 'SMS_MFA'
    | 'EMAIL_OTP'
    | 'SELECT_MFA_TYPE'
  username: string
  expiresAt: number
  /** SMS_MFA / EMAIL_OTP: the code sent, which only this session can answer. */
  code?: SignInCodeTicket
  /** SELECT_MFA_TYPE: the factors the user may choose from. */
  choices?: MfaFactor[]
  /** The sign-in's auth event, when threat protection recorded it. */
  eventId?: string
  /** The known device a sign-in presented (pools that track devices), and how far it has come. */
  device?: SessionDevice
}

/** A sign-in's device: whether it has proven itself (device SRP) and whether MFA is behind it. */
export interface SessionDevice {
  key: string
  proven: boolean
  /** The second factor was answered, or none was owed, when the device exchange began. */
  secondFactorDone: boolean
}

const PURPOSE = 'auth-session'
const context = (client: UserPoolClientConfig) => `${client.UserPoolId}|${client.ClientId}`

/** Seals a challenge session to the pool and client; it expires after AuthSessionValidity minutes. */
export async function sealAuthSession(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  challenge: AuthSession['challenge'],
  username: string,
  extra: Pick<AuthSession, 'code' | 'choices' | 'eventId' | 'device'> = {},
): Promise<string> {
  const session: AuthSession = {
    challenge,
    username,
    expiresAt: services.now() + client.AuthSessionValidity * 60_000,
    ...extra,
  }
  return services.sealer.seal(PURPOSE, session, context(client))
}

/** Opens a session for this client and challenge, or refuses it as Cognito does. */
export async function openAuthSession(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  sealed: string | undefined,
  challenge: AuthSession['challenge'],
): Promise<AuthSession> {
  const session = sealed
    ? await services.sealer.open<AuthSession>(PURPOSE, sealed, context(client))
    : null
  if (!session || session.challenge !== challenge || session.expiresAt < services.now()) {
    throw new NotAuthorizedException('Invalid session for the user, session is expired.')
  }
  return session
}
