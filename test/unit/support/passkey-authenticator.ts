import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { isoCBOR } from '@simplewebauthn/server/helpers'

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const fromB64url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'))
const sha256 = (data: Uint8Array | string) =>
  new Uint8Array(createHash('sha256').update(data).digest())
const u32 = (n: number) => {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts))

/** What a test may change in what the authenticator and the browser would say. */
export interface Tampering {
  origin?: string
  rpId?: string
  type?: string
  counter?: number
  userHandle?: string
  /** Leave the user-verified flag off (user presence only). */
  noUserVerification?: boolean
}

interface CreationOptions {
  challenge: string
  rp: { id: string }
  user: { id: string }
}
interface RequestOptions {
  challenge: string
  rpId: string
}

/**
 * A software passkey authenticator for unit tests: a real P-256 key made with node:crypto, a
 * "none" attestation, and assertions signed as an authenticator signs them (ECDSA over the
 * authenticator data and the hash of the client data), so the server verifies a real signature.
 * It also plays the browser's part: it writes the clientDataJSON for the page's `origin`.
 */
export class SoftwarePasskey {
  readonly credentialId = b64url(randomBytes(16))
  private readonly privateKey: KeyObject
  private readonly cosePublicKey: Uint8Array
  private userHandle = ''
  counter = 0

  constructor(private readonly origin: string) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    this.privateKey = privateKey
    const jwk = publicKey.export({ format: 'jwk' })
    this.cosePublicKey = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, fromB64url(jwk.x!)],
        [-3, fromB64url(jwk.y!)],
      ]),
    )
  }

  private clientData(type: string, challenge: string, tamper: Tampering): string {
    return b64url(
      Buffer.from(
        JSON.stringify({
          type: tamper.type ?? type,
          challenge,
          origin: tamper.origin ?? this.origin,
          crossOrigin: false,
        }),
      ),
    )
  }

  private flags(tamper: Tampering, attested: boolean): Uint8Array {
    return new Uint8Array([0x01 | (tamper.noUserVerification ? 0 : 0x04) | (attested ? 0x40 : 0)])
  }

  /** navigator.credentials.create: a RegistrationResponseJSON for the creation options. */
  create(options: CreationOptions, tamper: Tampering = {}) {
    this.userHandle = options.user.id
    const credentialId = fromB64url(this.credentialId)
    const authData = concat(
      sha256(tamper.rpId ?? options.rp.id),
      this.flags(tamper, true),
      u32(tamper.counter ?? this.counter),
      new Uint8Array(16),
      new Uint8Array([credentialId.length >> 8, credentialId.length & 0xff]),
      credentialId,
      this.cosePublicKey,
    )
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, never>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, never>()],
        ['authData', authData],
      ]),
    )
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge, tamper),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    }
  }

  /** navigator.credentials.get: an AuthenticationResponseJSON for the request options. */
  get(options: RequestOptions, tamper: Tampering = {}) {
    this.counter = tamper.counter ?? this.counter + 1
    const authData = concat(
      sha256(tamper.rpId ?? options.rpId),
      this.flags(tamper, false),
      u32(this.counter),
    )
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, tamper)
    const signature = sign('sha256', concat(authData, sha256(fromB64url(clientDataJSON))), {
      key: this.privateKey,
      dsaEncoding: 'der',
    })
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: tamper.userHandle ?? this.userHandle,
      },
    }
  }
}
