import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import { getUserByUsername, type LoadedUser } from '../store/directory'
import { openMfaSetupSession, sealMfaSetupSession } from '../mfa/setup-session'
import { useSoftwareTokenCode } from '../mfa/software-token'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { reserveSignInAttempt } from './sign-in-guard'
import { issueSignInTokens } from '../tokens/issue-tokens'
import {
  type AuthOutcome,
  type AuthRequestContext,
  type SessionChallenge,
  signInTriggers,
} from './outcome'
import { openAuthSession, sealAuthSession } from './session'

/** What a user who has proven their password still owes: nothing, a TOTP code, or setting one up. */
export type SecondFactor = 'none' | 'software-token' | 'setup'

/**
 * MFA as the pool asks for it: OFF never; OPTIONAL for users who turned TOTP on; ON for everyone,
 * and a user without an authenticator must set one up before any token is issued.
 */
export function secondFactorOf(pool: UserPoolConfig, user: UserRecord): SecondFactor {
  if (pool.MfaConfiguration === 'OFF') return 'none'
  if (user.softwareTokenMfa?.enabled && user.softwareToken) return 'software-token'
  return pool.MfaConfiguration === 'ON' ? 'setup' : 'none'
}

/** Every factor proven: the sign-in's tokens (PostAuthentication and PreTokenGeneration on the way). */
async function signedIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  return {
    kind: 'tokens',
    result: await issueSignInTokens(
      services,
      pool,
      client,
      user,
      context.issuer,
      signInTriggers(context),
    ),
  }
}

/**
 * How a passwordless first factor (a passkey, a sign-in code) was proven, where that matters to
 * MFA: `satisfiesMfa` when it stands for the second factor too (see USER_AUTH).
 */
export interface FirstFactorProof {
  satisfiesMfa: boolean
}

/** After the first factor: tokens, or the SOFTWARE_TOKEN_MFA / MFA_SETUP challenge. */
export async function afterFirstFactor(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  context: AuthRequestContext,
  proof?: FirstFactorProof,
): Promise<AuthOutcome> {
  const factor = proof?.satisfiesMfa ? 'none' : secondFactorOf(pool, user)
  if (factor === 'none') return signedIn(services, pool, client, user, context)
  return secondFactorChallenge(services, pool, client, user, factor)
}

/** The challenge, and its sealed Session, for the second factor a user owes (JSON API and hosted UI). */
export async function secondFactorChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  factor: Exclude<SecondFactor, 'none'>,
): Promise<SessionChallenge<'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP'>> {
  switch (factor) {
    case 'software-token':
      return {
        kind: 'challenge',
        challengeName: 'SOFTWARE_TOKEN_MFA',
        parameters: { USER_ID_FOR_SRP: user.username },
        session: await sealAuthSession(services, client, 'SOFTWARE_TOKEN_MFA', user.username),
      }
    case 'setup':
      return {
        kind: 'challenge',
        challengeName: 'MFA_SETUP',
        parameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: user.username },
        session: await sealMfaSetupSession(
          services,
          {
            poolId: pool.Id,
            clientId: client.ClientId,
            username: user.username,
            stage: 'associate',
          },
          client.AuthSessionValidity,
        ),
      }
  }
}

/** The user behind a second-factor session, still allowed to sign in. */
async function stillSignable(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<LoadedUser> {
  const loaded = await getUserByUsername(services, pool, username)
  if (!loaded?.user.enabled || loaded.user.status !== 'CONFIRMED')
    throw new NotAuthorizedException('Invalid session for the user, session is expired.')
  return loaded
}

/**
 * The second factor of a SOFTWARE_TOKEN_MFA sign-in (JSON API and hosted UI): a code from the
 * user's authenticator, each usable once. A code is an attempt at the account like a password:
 * reserved before it is checked and a failure unless right, so whoever knows the password still
 * cannot guess on, not even in a burst. Returns the signed-in user.
 */
export async function confirmSoftwareTokenSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  sealedSession: string | undefined,
  code: string | undefined,
): Promise<UserRecord> {
  const session = await openAuthSession(services, client, sealedSession, 'SOFTWARE_TOKEN_MFA')
  if (!code)
    throw new InvalidParameterException('Missing required parameter SOFTWARE_TOKEN_MFA_CODE')
  const { user } = await stillSignable(services, pool, session.username)
  const attempt = await reserveSignInAttempt(services, pool, user.username)
  const signedIn = await useSoftwareTokenCode(services, pool, user.username, code)
  await attempt.succeeded()
  return signedIn
}

/** RespondToAuthChallenge SOFTWARE_TOKEN_MFA. */
export async function respondSoftwareTokenMfa(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const user = await confirmSoftwareTokenSignIn(
    services,
    pool,
    client,
    sealedSession,
    responses.SOFTWARE_TOKEN_MFA_CODE,
  )
  return signedIn(services, pool, client, user, context)
}

/** The end of an MFA_SETUP sign-in, once VerifySoftwareToken has accepted the new authenticator: the signed-in user. */
export async function completeMfaSetup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  sealedSession: string | undefined,
): Promise<UserRecord> {
  const session = await openMfaSetupSession(services, sealedSession, 'verified')
  if (session.poolId !== pool.Id || session.clientId !== client.ClientId)
    throw new NotAuthorizedException('Invalid session for the user, session is expired.')
  return (await stillSignable(services, pool, session.username)).user
}

/** RespondToAuthChallenge MFA_SETUP. */
export async function respondMfaSetup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const user = await completeMfaSetup(services, pool, client, sealedSession)
  return signedIn(services, pool, client, user, context)
}
