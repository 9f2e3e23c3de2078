import { calculateJwkThumbprint, type JWK } from 'jose'
import { concatBytes, fromHex, toHex, utf8 } from './encoding'

/** The order n of the P-256 base point (SEC 2, secp256r1). */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n

/**
 * PKCS #8 PrivateKeyInfo of an RFC 5915 ECPrivateKey on P-256 without its optional public key,
 * up to the 32 bytes of the private scalar: WebCrypto computes the public point on import.
 */
const PKCS8_P256_PREFIX = fromHex(
  '3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420',
)

/** A private ES256 JWK with the thumbprint (RFC 7638) of its public key as `kid`. */
export type DerivedP256Jwk = JWK & { kty: 'EC'; crv: 'P-256'; d: string; kid: string }

/**
 * The P-256 key pair that `secret` and `label` determine: the same inputs give the same key on
 * every isolate, so a key derived from a configured secret needs no storage and no coordination.
 *
 * The scalar is HKDF-SHA256(secret, empty salt, info `label`) taken to 384 bits and reduced into
 * [1, n − 1] (the excess 128 bits make the bias negligible, and the +1 keeps the scalar nonzero).
 * The curve arithmetic is WebCrypto's own.
 */
export async function derivedP256Jwk(secret: Uint8Array, label: string): Promise<DerivedP256Jwk> {
  const root = await crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, [
    'deriveBits',
  ])
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(label) },
    root,
    384,
  )
  const scalar = (BigInt(`0x${toHex(new Uint8Array(bits))}`) % (P256_ORDER - 1n)) + 1n
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    concatBytes(PKCS8_P256_PREFIX, fromHex(scalar.toString(16).padStart(64, '0'))),
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['sign'],
  )
  const jwk = (await crypto.subtle.exportKey('jwk', privateKey)) as JsonWebKey
  if (!jwk.x || !jwk.y || !jwk.d) throw new Error('WebCrypto gave no P-256 coordinates')
  const publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } as const
  return { ...publicJwk, d: jwk.d, kid: await calculateJwkThumbprint(publicJwk) }
}
