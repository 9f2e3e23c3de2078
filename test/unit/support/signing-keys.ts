import { generateSigningKey, type SigningKeyPair } from '../../../src/crypto/signing-keys'
import { randomToken } from '../../../src/crypto/random'

/** Two real RSA key pairs made once per test process: generating 2048-bit keys takes ~0.5 s each. */
let material: Promise<SigningKeyPair[]> | undefined
let next = 0

/**
 * A signing key for a new pool in unit tests: real key material, reused, under a fresh kid (kids
 * are what JWKS lookups and caches key on, so pools still never share one).
 */
export async function reusedSigningKey(): Promise<SigningKeyPair> {
  material ??= Promise.all([generateSigningKey(), generateSigningKey()])
  const pair = (await material)[next++ % 2]!
  const kid = randomToken(18)
  return {
    kid,
    publicJwk: { ...pair.publicJwk, kid },
    privateJwk: { ...pair.privateJwk, kid },
  }
}
