import { exportSPKI, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose'
import { derivedP256Jwk } from '../crypto/derived-p256'

export interface GatewaySigner {
  kid: string
  sign(header: Record<string, unknown>, claims: JWTPayload): Promise<string>
  publicKeyPem(): Promise<string>
}

/** The HKDF label of the gateway's key: a new label would be a new key. */
const KEY_LABEL = 'portcullis/gateway-signing-key/es256'

/**
 * The gateway's ES256 signer for `x-amzn-oidc-data`, derived from the key-encryption key: every
 * isolate derives the same key and `kid`, so nothing is stored and no request creates a key.
 * Changing the key-encryption key changes this key too (origins fetch it again by its new `kid`).
 */
export async function derivedGatewaySigner(keyEncryptionKey: Uint8Array): Promise<GatewaySigner> {
  return signerFromJwk(await derivedP256Jwk(keyEncryptionKey, KEY_LABEL))
}

/** A signer from a private ES256 JWK with a `kid` (the Lambda@Edge bundle carries one). */
export async function signerFromJwk(privateJwk: JWK): Promise<GatewaySigner> {
  if (
    typeof privateJwk.kid !== 'string' ||
    privateJwk.kty !== 'EC' ||
    privateJwk.crv !== 'P-256' ||
    !privateJwk.d
  )
    throw new Error('the gateway signing key must be a private P-256 JWK with a kid')
  const { d: _private, ...publicJwk } = privateJwk
  const privateKey = await importJWK(privateJwk, 'ES256')
  const publicKey = await importJWK(publicJwk, 'ES256')
  const kid = privateJwk.kid
  return {
    kid,
    sign: (header, claims) =>
      new SignJWT(claims).setProtectedHeader({ ...header, alg: 'ES256', kid }).sign(privateKey),
    publicKeyPem: () => exportSPKI(publicKey as CryptoKey),
  }
}
