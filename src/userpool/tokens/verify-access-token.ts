import type { JWTPayload } from 'jose'
import { NotAuthorizedException } from '../../errors/cognito'
import type { LoadedUser } from '../store/directory'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import { findClient } from '../store/pool-repository'
import type { UserPoolServices } from '../services'
import { loadUserAndRefreshFamily } from '../store/tokens'
import { startedBeforeValidity } from './token-validity'
import { verifyPoolTokenSignature } from './pool-token-signature'

export interface VerifiedAccessToken {
  pool: UserPoolConfig
  client: UserPoolClientConfig
  loaded: LoadedUser
  claims: JWTPayload & { username: string; client_id: string; origin_jti: string }
}

const INVALID = 'Invalid Access Token'
const REVOKED = 'Access Token has been revoked'
/**
 * Verifies an access token for the operations that take one (GetUser, GlobalSignOut, …):
 * RS256 only, `kid` required and one of the pool's keys (no `jku`/`jwk`/`x5u` is ever followed),
 * issuer, `token_use`, expiry, the `aws.cognito.signin.user.admin` scope, a live client and user,
 * and no revocation (global sign-out, revoked refresh family). Anything else is NotAuthorized.
 */
export async function verifyAccessToken(
  services: UserPoolServices,
  token: string,
  issuerOrigin: string,
  options: { requiredScope?: string } = {},
): Promise<VerifiedAccessToken> {
  const check = await verifyPoolTokenSignature(services, token, issuerOrigin)
  if (!check.ok) throw new NotAuthorizedException(INVALID)
  const { pool } = check
  const claims = check.claims as VerifiedAccessToken['claims']
  if (
    claims.token_use !== 'access' ||
    typeof claims.username !== 'string' ||
    typeof claims.client_id !== 'string' ||
    typeof claims.origin_jti !== 'string'
  ) {
    throw new NotAuthorizedException(INVALID)
  }
  if (
    !String(claims.scope ?? '')
      .split(' ')
      .includes(options.requiredScope ?? 'aws.cognito.signin.user.admin')
  )
    throw new NotAuthorizedException('Access Token does not have required scopes')
  const client = await findClient(services, pool.Id, claims.client_id)
  if (!client) throw new NotAuthorizedException(INVALID)
  const loaded = await loadUserAndFamily(services, pool, claims.username, claims.origin_jti)
  return { pool, client, loaded, claims }
}

/**
 * One round trip to the user's partition for the user and the token's family together: the user
 * must exist and be enabled, and the family (the sign-in a token came from) live and not revoked
 * by a global sign-out. NotAuthorized otherwise.
 */
export async function loadUserAndFamily(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  originJti: string,
): Promise<LoadedUser> {
  const { loaded, family } = await loadUserAndRefreshFamily(services, pool, username, originJti)
  if (!loaded) throw new NotAuthorizedException('User does not exist.')
  const { user } = loaded
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.')
  if (!family || family.revoked || family.username !== user.username)
    throw new NotAuthorizedException(REVOKED)
  if (startedBeforeValidity(user, family.createdAt)) throw new NotAuthorizedException(REVOKED)
  return loaded
}
