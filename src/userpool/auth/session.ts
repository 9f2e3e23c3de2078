import { NotAuthorizedException } from '../../errors/cognito'
import type { UserPoolClientConfig } from '../model'
import type { UserPoolServices } from '../services'

/** What a challenge Session carries between InitiateAuth and RespondToAuthChallenge. */
export interface AuthSession {
  challenge: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA'
  username: string
  expiresAt: number
  /** The sign-in's auth event, when threat protection recorded it. */
  eventId?: string
}

const PURPOSE = 'auth-session'
const context = (client: UserPoolClientConfig) => `${client.UserPoolId}|${client.ClientId}`

/** Seals a challenge session to the pool and client; it expires after AuthSessionValidity minutes. */
export async function sealAuthSession(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  challenge: AuthSession['challenge'],
  username: string,
  eventId?: string,
): Promise<string> {
  const session: AuthSession = {
    challenge,
    username,
    expiresAt: services.now() + client.AuthSessionValidity * 60_000,
    ...(eventId ? { eventId } : {}),
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
