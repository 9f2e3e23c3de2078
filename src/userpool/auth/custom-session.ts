import { randomToken } from '../../crypto/random'
import { NotAuthorizedException } from '../../errors/cognito'
import { claimSrpNonce } from '../store/sessions'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import type { ChallengeHistoryEntry } from '../triggers/define-auth-challenge'

/**
 * What a CUSTOM_AUTH Session carries between calls: who signs in, the history Define sees, and
 * what only Verify may see. It is sealed (the app cannot read or change it), bound to pool and
 * client, expires after AuthSessionValidity minutes and is answered at most once.
 */
export interface CustomAuthSession {
  /** The stored username, or for an unknown name its phantom username (as SRP decoys use). */
  username: string
  /** The name given to InitiateAuth (a username or an alias). */
  signInName: string
  userNotFound: boolean
  history: ChallengeHistoryEntry[]
  /** The challenge this Session answers. */
  awaiting: 'CUSTOM_CHALLENGE' | 'PASSWORD_VERIFIER'
  privateChallengeParameters: Record<string, string>
  /** Create's name for the challenge awaited, which Define sees beside its result. */
  challengeMetadata?: string
  expiresAt: number
  nonce: string
}

const PURPOSE = 'custom-auth-session'
const EXPIRED = 'Invalid session for the user, session is expired.'
const bound = (client: UserPoolClientConfig) => `${client.UserPoolId}|${client.ClientId}`

/** Seals the Session for the next challenge of a custom sign-in. */
export async function sealCustomAuthSession(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  state: Omit<CustomAuthSession, 'expiresAt' | 'nonce'>,
): Promise<string> {
  const session: CustomAuthSession = {
    ...state,
    expiresAt: services.now() + client.AuthSessionValidity * 60_000,
    nonce: randomToken(16),
  }
  return services.sealer.seal(PURPOSE, session, bound(client))
}

/** The custom sign-in a Session continues, or null when it is no Session of this flow. */
export async function peekCustomAuthSession(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  sealed: string | undefined,
): Promise<CustomAuthSession | null> {
  if (!sealed) return null
  return services.sealer.open<CustomAuthSession>(PURPOSE, sealed, bound(client))
}

/**
 * Opens a Session to answer `awaiting` and uses it up: refused when it was sealed for another
 * pool, client or challenge, has expired, or was answered before (so replaying the Session of a
 * wrong answer gives no extra attempt, and two answers sent at once count as one).
 */
export async function claimCustomAuthSession(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  sealed: string | undefined,
  awaiting: CustomAuthSession['awaiting'],
): Promise<CustomAuthSession> {
  const session = await peekCustomAuthSession(services, client, sealed)
  if (!session || session.awaiting !== awaiting || session.expiresAt < services.now())
    throw new NotAuthorizedException(EXPIRED)
  if (!(await claimSrpNonce(services, pool, session.username, session.nonce, session.expiresAt)))
    throw new NotAuthorizedException(EXPIRED)
  return session
}
