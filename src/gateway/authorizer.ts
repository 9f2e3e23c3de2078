import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose'
import { Unauthenticated } from '../errors/gateway'
import type { ProviderConfig } from './config'
import type { Fetcher, JwksCache } from './jwks-cache'

/** Algorithms a token may be signed with; `none` and HMAC never pass. */
const ALLOWED_ALGORITHMS = ['RS256', 'ES256']

export interface Identity {
  claims: JWTPayload & Record<string, unknown>
  token: string
}

/** Where a provider's keys are and who it says it is (its discovery document, or this Worker's pool). */
export interface ProviderEndpoints {
  issuer: string
  jwksUri: string
  fetcher: Fetcher
}

/**
 * Which kind of token this is: Cognito names it in `token_use`; other providers' access tokens are
 * RFC 9068 JWTs (`typ: at+jwt`) or carry `client_id`/`scope`; anything else is an ID token.
 */
function tokenUseOf(claims: Record<string, unknown>, typ: unknown): 'access' | 'id' | undefined {
  if (claims.token_use !== undefined)
    return claims.token_use === 'access' || claims.token_use === 'id' ? claims.token_use : undefined
  if (typeof typ === 'string' && ['at+jwt', 'application/at+jwt'].includes(typ.toLowerCase()))
    return 'access'
  return typeof claims.client_id === 'string' || typeof claims.scope === 'string' ? 'access' : 'id'
}

/**
 * Verifies a bearer token: allowed algorithm, `kid` present and in the provider's JWKS (any `jku`,
 * `x5u` or `jwk` header is ignored), issuer, expiry and not-before with the configured skew,
 * token kind (`token_use`, or RFC 9068's `at+jwt`), and audience (`aud` for ID tokens, `client_id`
 * for access tokens).
 */
export async function verifyBearer(
  token: string,
  provider: ProviderConfig,
  endpoints: ProviderEndpoints,
  jwks: JwksCache,
  now: number,
): Promise<Identity> {
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(token)
  } catch {
    throw new Unauthenticated('malformed token', true)
  }
  if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg))
    throw new Unauthenticated('algorithm not allowed', true)
  if (typeof header.kid !== 'string' || header.kid.length === 0)
    throw new Unauthenticated('kid required', true)
  const key = await jwks
    .key(endpoints.jwksUri, header.kid, header.alg, endpoints.fetcher)
    .catch(() => null)
  if (!key) throw new Unauthenticated('unknown signing key', true)
  let claims: JWTPayload & Record<string, unknown>
  try {
    const verified = await jwtVerify(token, key, {
      algorithms: [header.alg],
      issuer: endpoints.issuer,
      clockTolerance: provider.clockSkewSeconds,
      currentDate: new Date(now),
    })
    claims = verified.payload as JWTPayload & Record<string, unknown>
  } catch {
    throw new Unauthenticated('invalid token', true)
  }
  const use = tokenUseOf(claims, header.typ)
  if (use === undefined) throw new Unauthenticated('unknown token_use', true)
  if (!provider.tokenUse.includes(use))
    throw new Unauthenticated(`${use} tokens are not accepted here`, true)
  const audience = use === 'id' ? claims.aud : claims.client_id
  const audiences = Array.isArray(audience) ? audience : [audience]
  if (!audiences.some((a) => typeof a === 'string' && provider.clientIds.includes(a)))
    throw new Unauthenticated('audience not accepted', true)
  return { claims, token }
}
