import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose'
import type { Sealer } from '../../crypto/aead'
import { IDENTITY_TOKEN_ALG, identityTokenKey } from './token-key'

/** The claim AWS puts principal tags under, and its shape: each tag's value as a one-item list. */
export const TAGS_CLAIM = 'https://aws.amazon.com/tags'

/** What an identity pool's OpenID token says, as AWS's tokens say it. */
export interface IdentityTokenClaims {
  iss: string
  /** The identity id. */
  sub: string
  /** The identity pool id. */
  aud: string
  /** `authenticated` and the providers the identity signed in with, or `unauthenticated`. */
  amr: string[]
  iat: number
  exp: number
  /** The developer provider's principal tags (GetOpenIdTokenForDeveloperIdentity). */
  principalTags?: Record<string, string>
}

/** Signs an identity's OpenID token with the identity pools' key. */
export async function signIdentityToken(
  sealer: Sealer,
  claims: IdentityTokenClaims,
): Promise<string> {
  const key = await identityTokenKey(sealer)
  const { principalTags, ...registered } = claims
  const payload: Record<string, unknown> = { ...registered }
  if (principalTags && Object.keys(principalTags).length > 0)
    payload[TAGS_CLAIM] = {
      principal_tags: Object.fromEntries(
        Object.entries(principalTags).map(([tag, value]) => [tag, [value]]),
      ),
    }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: IDENTITY_TOKEN_ALG, kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey)
}

/** Why a token is not one of ours, for callers that word each case in their own wire's terms. */
export type IdentityTokenProblem = 'malformed' | 'signature' | 'expired' | 'issuer'

export type IdentityTokenCheck =
  | { ok: true; claims: IdentityTokenClaims; payload: Record<string, unknown> }
  | { ok: false; problem: IdentityTokenProblem }

/** `principal_tags` as AWS writes it (`{"key": ["value"]}`), back to one value per tag. */
function readTags(claim: unknown): Record<string, string> | undefined | null {
  if (claim === undefined) return undefined
  const tags = (claim as { principal_tags?: unknown } | null)?.principal_tags
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return null
  const read: Record<string, string> = {}
  for (const [tag, values] of Object.entries(tags)) {
    if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') return null
    read[tag] = values[0]
  }
  return read
}

/**
 * The one check of an identity pool's OpenID token: ES256 with this Worker's key named by its
 * `kid` (no `jku`/`jwk`/`x5u` header is followed), the issuer `issuer`, `exp` and `nbf` on the
 * injected clock, and the claims shaped as we sign them. Audience and subject are the caller's:
 * which identity pool and identity the token must be for depends on the request. `payload` is
 * every claim as signed, for callers that hand claims on (principal tags) as they are.
 */
export async function verifyIdentityToken(
  sealer: Sealer,
  token: string,
  /** `now` in epoch milliseconds (the services' clock). */
  check: { issuer: string; now: number },
): Promise<IdentityTokenCheck> {
  const key = await identityTokenKey(sealer)
  try {
    const header = decodeProtectedHeader(token)
    if (header.alg !== IDENTITY_TOKEN_ALG || typeof header.kid !== 'string')
      return { ok: false, problem: 'malformed' }
    if (header.kid !== key.kid) return { ok: false, problem: 'signature' }
  } catch {
    return { ok: false, problem: 'malformed' }
  }
  let payload: Record<string, unknown>
  try {
    payload = (
      await jwtVerify(token, key.publicKey, {
        algorithms: [IDENTITY_TOKEN_ALG],
        issuer: check.issuer,
        currentDate: new Date(check.now),
        requiredClaims: ['sub', 'aud', 'iat', 'exp'],
      })
    ).payload
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const claim = (error as { claim?: unknown }).claim
    if (code === 'ERR_JWT_EXPIRED') return { ok: false, problem: 'expired' }
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'iss')
      return { ok: false, problem: 'issuer' }
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return { ok: false, problem: 'signature' }
    return { ok: false, problem: 'malformed' }
  }
  const { sub, aud, amr, iat, exp } = payload
  const tags = readTags(payload[TAGS_CLAIM])
  if (
    typeof sub !== 'string' ||
    typeof aud !== 'string' ||
    !Array.isArray(amr) ||
    !amr.every((entry) => typeof entry === 'string') ||
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    tags === null
  )
    return { ok: false, problem: 'malformed' }
  return {
    ok: true,
    payload,
    claims: {
      iss: check.issuer,
      sub,
      aud,
      amr: amr as string[],
      iat,
      exp,
      ...(tags ? { principalTags: tags } : {}),
    },
  }
}
