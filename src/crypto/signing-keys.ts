import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose'
import { randomToken } from './random'
import { BoundedCache } from '../storage/bounded-cache'

/** A pool's RS256 key pair; the private half is stored sealed, never in the clear. */
export interface SigningKeyPair {
  kid: string
  publicJwk: JWK
  privateJwk: JWK
}

export async function generateSigningKey(): Promise<SigningKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', {
    modulusLength: 2048,
    extractable: true,
  })
  const kid = randomToken(18)
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' }
  return { kid, publicJwk, privateJwk }
}

/** Imported signing keys by kid: one per pool key, bounded like every per-isolate cache. */
const importedPrivateKeys = new BoundedCache<string, Promise<CryptoKey | Uint8Array>>(1024)

/** Signs claims as a JWT with the given private JWK; imported keys are cached per isolate by kid. */
export async function signJwt(
  claims: JWTPayload,
  privateJwk: JWK & { kid: string },
): Promise<string> {
  let key = importedPrivateKeys.get(privateJwk.kid)
  if (!key) {
    key = importJWK(privateJwk, 'RS256')
    importedPrivateKeys.set(privateJwk.kid, key)
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid })
    .sign(await key)
}
