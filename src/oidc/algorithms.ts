import type { JWK } from 'jose'

/** What most providers sign with: a narrow default. `none` and HMAC never pass, whatever the list. */
export const COMMON_ALGORITHMS: readonly string[] = ['RS256', 'ES256']

/** Every asymmetric JWS algorithm, for providers whose choice is not known in advance. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]

const rsa = (jwk: JWK) => jwk.kty === 'RSA'
const curve = (kty: string, crv: string) => (jwk: JWK) => jwk.kty === kty && jwk.crv === crv

/** The key type (and curve) each algorithm needs: an RSA key never verifies an ES256 signature. */
const KEY_FITS: Record<string, (jwk: JWK) => boolean> = {
  RS256: rsa,
  RS384: rsa,
  RS512: rsa,
  PS256: rsa,
  PS384: rsa,
  PS512: rsa,
  ES256: curve('EC', 'P-256'),
  ES384: curve('EC', 'P-384'),
  ES512: curve('EC', 'P-521'),
  EdDSA: curve('OKP', 'Ed25519'),
  Ed25519: curve('OKP', 'Ed25519'),
}

/**
 * Whether a published key may verify a signature made with `alg`: the algorithm is asymmetric and
 * fits the key's type and curve, and the key, where it says so, is for signatures (`use`,
 * `key_ops`) with this very algorithm (`alg`). Pinning the algorithm to the key is what stops a
 * token from choosing how its own signature is checked.
 */
export function keyFits(jwk: JWK, alg: string): boolean {
  const fits = Object.hasOwn(KEY_FITS, alg) ? KEY_FITS[alg]! : undefined
  if (!fits?.(jwk)) return false
  if (jwk.alg !== undefined && jwk.alg !== alg) return false
  if (jwk.use !== undefined && jwk.use !== 'sig') return false
  return jwk.key_ops === undefined || (Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))
}
