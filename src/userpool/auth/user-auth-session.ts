import { NotAuthorizedException } from '../../errors/cognito'
import type { SignInCodeTicket } from '../mfa/sign-in-codes'
import type { UserPoolClientConfig } from '../model'
import type { UserPoolServices } from '../services'

/** A choice USER_AUTH offers (ChallengeNameType members). */
export type UserAuthChoice = 'PASSWORD' | 'PASSWORD_SRP' | 'WEB_AUTHN' | 'EMAIL_OTP' | 'SMS_OTP'

/**
 * What a USER_AUTH Session carries: the sign-in name, the stage (a choice still to make, or the
 * challenge of the choice made) and what that stage needs. `username` is the stored username of a
 * known user, or the name as given for an unknown one (whose choices are decoys).
 */
export type UserAuthSession = {
  username: string
  known: boolean
  expiresAt: number
} & (
  | { stage: 'SELECT_CHALLENGE'; available: UserAuthChoice[] }
  | { stage: 'WEB_AUTHN' }
  | { stage: 'EMAIL_OTP' | 'SMS_OTP'; ticket: SignInCodeTicket }
)

type Stage = UserAuthSession['stage']
/** A session before it is stamped (Omit over each member of the union, not the union). */
type Unstamped = UserAuthSession extends infer S
  ? S extends unknown
    ? Omit<S, 'expiresAt'>
    : never
  : never
type SessionAt<S extends Stage> = Extract<UserAuthSession, { stage: S }>

const PURPOSE = 'user-auth-session'
const binding = (client: UserPoolClientConfig) => `${client.UserPoolId}|${client.ClientId}`
const EXPIRED = 'Invalid session for the user, session is expired.'

/** Seals a USER_AUTH session to the pool and client, for the client's AuthSessionValidity. */
export function sealUserAuthSession(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  session: Unstamped,
): Promise<string> {
  const body = { ...session, expiresAt: services.now() + client.AuthSessionValidity * 60_000 }
  return services.sealer.seal(PURPOSE, body, binding(client))
}

/** Opens a USER_AUTH session at `stage` for this client and `username`, or refuses it as Cognito does. */
export async function openUserAuthSession<S extends Stage>(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  sealed: string | undefined,
  stage: S,
): Promise<SessionAt<S>> {
  const session = sealed
    ? await services.sealer.open<UserAuthSession>(PURPOSE, sealed, binding(client))
    : null
  if (!session || session.stage !== stage || session.expiresAt < services.now())
    throw new NotAuthorizedException(EXPIRED)
  return session as SessionAt<S>
}

/**
 * Whether a Session is USER_AUTH's: EMAIL_OTP names both a passwordless choice of USER_AUTH and
 * the email MFA challenge, and only the session tells which one a client is answering.
 */
export async function isUserAuthSession(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  sealed: string | undefined,
): Promise<boolean> {
  if (!sealed) return false
  return (await services.sealer.open<UserAuthSession>(PURPOSE, sealed, binding(client))) !== null
}
