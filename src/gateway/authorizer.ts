import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose'
import type { ProviderConfig } from './config'
import type { Fetcher, JwksCache } from './jwks-cache'

/** Algorithms a token may be signed with; `none` and HMAC never pass. */
const ALLOWED_ALGORITHMS = ['RS256', 'ES256']

export class Unauthenticated extends Error {}

export interface Identity {
  claims: JWTPayload & Record<string, unknown>
  token: string
}

export interface ProviderEndpoints {
  issuer: string
  jwksUri: string
  fetcher: Fetcher
}

/**
 * Resolves where a provider's keys are: pools of this Worker in-process (issuer = our origin +
 * pool id), others through OIDC discovery (cached with the keys' lifetime).
 */
export function providerEndpoints(provider: ProviderConfig, selfOrigin: string, selfFetch: Fetcher): ProviderEndpoints {
  if (provider.issuer.startsWith('self:')) {
    const poolId = provider.issuer.slice('self:'.length)
    return { issuer: `${selfOrigin}/${poolId}`, jwksUri: `${selfOrigin}/${poolId}/.well-known/jwks.json`, fetcher: selfFetch }
  }
  const issuer = provider.issuer.replace(/\/$/, '')
  return { issuer, jwksUri: `${issuer}/.well-known/jwks.json`, fetcher: (url, init) => fetch(url, init) }
}

/**
 * Verifies a bearer token: allowed algorithm, `kid` present and in the provider's JWKS (any `jku`,
 * `x5u` or `jwk` header is ignored), issuer, expiry and not-before with the configured skew,
 * `token_use`, and audience (`aud` for ID tokens, `client_id` for access tokens).
 */
export async function verifyBearer(token: string, provider: ProviderConfig, endpoints: ProviderEndpoints, jwks: JwksCache, now: number): Promise<Identity> {
  let header
  try {
    header = decodeProtectedHeader(token)
  } catch {
    throw new Unauthenticated('malformed token')
  }
  if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) throw new Unauthenticated('algorithm not allowed')
  if (typeof header.kid !== 'string' || header.kid.length === 0) throw new Unauthenticated('kid required')
  const key = await jwks.key(endpoints.jwksUri, header.kid, header.alg, endpoints.fetcher).catch(() => null)
  if (!key) throw new Unauthenticated('unknown signing key')
  let claims: JWTPayload & Record<string, unknown>
  try {
    const verified = await jwtVerify(token, key, { algorithms: [header.alg], issuer: endpoints.issuer, clockTolerance: provider.clockSkewSeconds, currentDate: new Date(now) })
    claims = verified.payload as JWTPayload & Record<string, unknown>
  } catch {
    throw new Unauthenticated('invalid token')
  }
  const use = claims.token_use
  if (use !== 'access' && use !== 'id') throw new Unauthenticated('token_use missing')
  if (!provider.tokenUse.includes(use)) throw new Unauthenticated(`${use} tokens are not accepted here`)
  const audience = use === 'id' ? claims.aud : claims.client_id
  const audiences = Array.isArray(audience) ? audience : [audience]
  if (!audiences.some((a) => typeof a === 'string' && provider.clientIds.includes(a))) throw new Unauthenticated('audience not accepted')
  return { claims, token }
}
