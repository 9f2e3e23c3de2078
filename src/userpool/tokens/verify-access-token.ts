import { decodeProtectedHeader, importJWK, jwtVerify, type JWTPayload } from 'jose'
import { fromBase64Url, fromUtf8 } from '../../crypto/encoding'
import { NotAuthorizedException } from '../../errors/cognito'
import type { LoadedUser } from '../store/directory'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import { findClient, findPool, requireSigningKeys } from '../store/pool-repository'
import type { UserPoolServices } from '../services'
import { loadUserAndRefreshFamily } from '../store/tokens'
import { startedBeforeValidity } from './token-validity'
import { BoundedCache } from '../../storage/bounded-cache'

export interface VerifiedAccessToken {
  pool: UserPoolConfig
  client: UserPoolClientConfig
  loaded: LoadedUser
  claims: JWTPayload & { username: string; client_id: string; origin_jti: string }
}

const INVALID = 'Invalid Access Token'
const REVOKED = 'Access Token has been revoked'
const ISSUER_PATTERN = /\/([\w-]+_[0-9a-zA-Z]+)$/

/** Imported verification keys by kid (only pool keys get here; bounded all the same). */
const importedPublicKeys = new BoundedCache<string, Promise<CryptoKey | Uint8Array>>(1024)

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
  let kid: string | undefined
  let poolId: string | undefined
  try {
    const header = decodeProtectedHeader(token)
    if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw new Error('alg/kid')
    kid = header.kid
    const unverified = JSON.parse(fromUtf8(fromBase64Url(token.split('.')[1] ?? ''))) as {
      iss?: unknown
    }
    poolId =
      typeof unverified.iss === 'string' ? ISSUER_PATTERN.exec(unverified.iss)?.[1] : undefined
  } catch {
    throw new NotAuthorizedException(INVALID)
  }
  const pool = poolId ? await findPool(services, poolId) : null
  if (!pool || !kid) throw new NotAuthorizedException(INVALID)
  const keys = await requireSigningKeys(services, pool.Id)
  const jwk = [keys.active, keys.next].find((k) => k.kid === kid)?.publicJwk
  if (!jwk) throw new NotAuthorizedException(INVALID)
  let key = importedPublicKeys.get(kid)
  if (!key) {
    key = importJWK(jwk, 'RS256')
    importedPublicKeys.set(kid, key)
  }
  let claims: VerifiedAccessToken['claims']
  try {
    const verified = await jwtVerify(token, await key, {
      algorithms: ['RS256'],
      issuer: `${issuerOrigin}/${pool.Id}`,
      currentDate: new Date(services.now()),
    })
    claims = verified.payload as VerifiedAccessToken['claims']
  } catch {
    throw new NotAuthorizedException(INVALID)
  }
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

/** One round trip to the user's partition for the user and the token's family together. */
async function loadUserAndFamily(
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
