import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose'
import type { Sealer } from '../crypto/aead'
import { randomToken } from '../crypto/random'
import type { RecordStore } from '../storage/record-store'

/** The gateway's ES256 key for `x-amzn-oidc-data`, kept sealed in the registry store. */
interface StoredGatewayKey {
  kid: string
  publicJwk: JWK
  sealedPrivateJwk: string
}

const KEY = 'gateway-signing-key'
const PURPOSE = 'gateway-signing-key'

export interface GatewaySigner {
  kid: string
  sign(header: Record<string, unknown>, claims: JWTPayload): Promise<string>
  publicKeyPem(): Promise<string>
}

let loaded: Promise<GatewaySigner> | undefined

/**
 * The signer, created at most once across all isolates: the first writer wins the
 * compare-and-set and everyone else reads its key.
 */
export function gatewaySigner(store: RecordStore, sealer: Sealer): Promise<GatewaySigner> {
  loaded ??= load(store, sealer).catch((error: unknown) => {
    loaded = undefined
    throw error
  })
  return loaded
}

async function load(store: RecordStore, sealer: Sealer): Promise<GatewaySigner> {
  let record = (await store.get<StoredGatewayKey>(KEY))?.value
  if (!record) {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
    const kid = randomToken(16)
    const candidate: StoredGatewayKey = {
      kid,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' },
      sealedPrivateJwk: await sealer.seal(PURPOSE, await exportJWK(privateKey)),
    }
    const result = await store.commit({
      expect: [{ key: KEY, version: 0 }],
      put: [{ key: KEY, value: candidate }],
    })
    record = result.ok ? candidate : (await store.get<StoredGatewayKey>(KEY))!.value
  }
  const privateJwk = await sealer.open<JWK>(PURPOSE, record.sealedPrivateJwk)
  if (!privateJwk)
    throw new Error('the gateway signing key cannot be opened with this key-encryption key')
  return signerFromJwk({ ...privateJwk, kid: record.kid })
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
