import {
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
  type ProtectedHeaderParameters,
} from 'jose'
import type { ProviderMetadata } from './discovery'
import { ProviderUnreachable, SigningKeysUnreachable, TokenRejected } from './errors'
import type { JwksCache } from './jwks'

/** A JWT's claims, every one of them readable. */
export type Claims = JWTPayload & Record<string, unknown>

/** Where a provider's keys are and who it says it is: its discovery metadata, or enough of it. */
export type KeySource = Pick<ProviderMetadata, 'issuer' | 'jwksUri' | 'fetch'>

/** What every token of a provider is checked against, whatever kind of token it is. */
export interface SignatureCheck {
  provider: KeySource
  jwks: JwksCache
  /** The algorithms taken at all; the key's own type and `alg` narrow them further. */
  algorithms: readonly string[]
  skewSeconds: number
  now: number
}

/**
 * Verifies a JWT's signature and its standard claims: an allowed algorithm, a `kid` naming a key of
 * the provider's JWKS that fits that algorithm (`jku`, `x5u` and `jwk` headers are never looked
 * at), the provider's issuer, and `exp`/`nbf` with the skew. `options` adds jose's own checks
 * (audience, required claims). Rejects with TokenRejected only: SigningKeysUnreachable, one of
 * them, when the JWKS could not be had, so a provider's outage is never told as a bad token to
 * callers that need the difference.
 */
export async function verifySigned(
  token: string,
  check: SignatureCheck,
  options: Pick<JWTVerifyOptions, 'audience' | 'requiredClaims'> = {},
): Promise<{ header: ProtectedHeaderParameters; claims: Claims }> {
  let header: ProtectedHeaderParameters
  try {
    header = decodeProtectedHeader(token)
  } catch {
    throw new TokenRejected('malformed token')
  }
  if (typeof header.alg !== 'string' || !check.algorithms.includes(header.alg))
    throw new TokenRejected('algorithm not allowed')
  if (typeof header.kid !== 'string' || header.kid.length === 0)
    throw new TokenRejected('kid required')
  const { provider } = check
  const key = await check.jwks
    .key(provider.jwksUri, header.kid, header.alg, provider.fetch, check.now)
    .catch((error: unknown) => {
      if (error instanceof ProviderUnreachable) throw new SigningKeysUnreachable(error.message)
      return null
    })
  // A reachable set without this kid (or with no key fitting the algorithm): the token's fault.
  if (!key) throw new TokenRejected('unknown signing key')
  try {
    const verified = await jwtVerify(token, key, {
      ...options,
      algorithms: [header.alg],
      issuer: provider.issuer,
      clockTolerance: check.skewSeconds,
      currentDate: new Date(check.now),
    })
    return { header, claims: verified.payload as Claims }
  } catch (error) {
    throw new TokenRejected('invalid token', error instanceof Error ? error.message : undefined)
  }
}
