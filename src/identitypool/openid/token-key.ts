import { importJWK, type JWK } from 'jose'
import type { Sealer } from '../../crypto/aead'

/**
 * Where identity pools issue OpenID tokens: `{origin}/identity`, beside the identity-pools API at
 * `POST /identity/`, with discovery and JWKS under it. AWS's issuer is
 * `https://cognito-identity.amazonaws.com`; a token of this Worker names this Worker.
 */
export const identityIssuer = (issuerOrigin: string): string => `${issuerOrigin}/identity`

/**
 * The provider name identity pools and trust policies know these tokens by: the key of such a
 * token in `Logins` (the developer enhanced flow) and the `Federated` principal of a trust policy.
 */
export const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com'

/**
 * One ES256 key for every identity pool, derived from the key-encryption key (no storage, no key
 * created on a request; the same `kid` on every isolate). AWS signs with RS512; a P-256 key is what
 * can be derived statelessly, and every OpenID library verifies ES256.
 */
const KEY_PURPOSE = 'identity-pool-openid-token/es256'
export const IDENTITY_TOKEN_ALG = 'ES256'

/** The imported halves of the key, and its public JWK, once per sealer (once per isolate). */
export interface IdentityTokenKey {
  kid: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  publicJwk: JWK & { kid: string }
}

const imported = new WeakMap<Sealer, Promise<IdentityTokenKey>>()

async function importKey(sealer: Sealer): Promise<IdentityTokenKey> {
  const { d: _private, ...publicHalf } = await sealer.signingKey(KEY_PURPOSE)
  const privateJwk = { ...publicHalf, d: _private }
  const publicJwk = { ...publicHalf, alg: IDENTITY_TOKEN_ALG, use: 'sig' }
  return {
    kid: publicHalf.kid,
    privateKey: (await importJWK(privateJwk, IDENTITY_TOKEN_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, IDENTITY_TOKEN_ALG)) as CryptoKey,
    publicJwk,
  }
}

/** The identity pools' token key. */
export function identityTokenKey(sealer: Sealer): Promise<IdentityTokenKey> {
  let key = imported.get(sealer)
  if (!key) {
    key = importKey(sealer)
    imported.set(sealer, key)
  }
  return key
}

/** The JWKS published under the issuer: the one public key, with its `kid`, `alg` and `use`. */
export async function identityJwks(sealer: Sealer): Promise<{ keys: JWK[] }> {
  return { keys: [(await identityTokenKey(sealer)).publicJwk] }
}
