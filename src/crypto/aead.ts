import { type DerivedP256Jwk, derivedP256Jwk } from './derived-p256'
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding'
import { randomBytes } from './random'

/**
 * AES-256-GCM sealing with keys derived by HKDF from one root secret, one key per purpose, so a
 * value sealed for one purpose (a challenge Session, a private key at rest) never opens as another.
 */
export class Sealer {
  private readonly keys = new Map<string, Promise<CryptoKey>>()
  private readonly macKeys = new Map<string, Promise<CryptoKey>>()
  private readonly signingKeys = new Map<string, Promise<DerivedP256Jwk>>()

  constructor(private readonly rootSecret: Uint8Array<ArrayBuffer>) {
    if (rootSecret.length < 32) throw new Error('the key-encryption key must be at least 32 bytes')
  }

  /** A key derived by HKDF from the root for `info`, made once per isolate and cached. */
  private derived(
    cache: Map<string, Promise<CryptoKey>>,
    info: string,
    algorithm: Parameters<SubtleCrypto['deriveKey']>[2],
    usages: string[],
  ): Promise<CryptoKey> {
    let key = cache.get(info)
    if (!key) {
      key = crypto.subtle
        .importKey('raw', this.rootSecret, 'HKDF', false, ['deriveKey'])
        .then((root) =>
          crypto.subtle.deriveKey(
            { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(info) },
            root,
            algorithm,
            false,
            usages,
          ),
        )
      cache.set(info, key)
    }
    return key
  }

  private key(purpose: string): Promise<CryptoKey> {
    return this.derived(this.keys, `portcullis/${purpose}`, { name: 'AES-GCM', length: 256 }, [
      'encrypt',
      'decrypt',
    ])
  }

  /** Seals `value` (JSON) for `purpose`; `context` is bound as associated data and must match on open. */
  async seal(purpose: string, value: unknown, context = ''): Promise<string> {
    const iv = randomBytes(12)
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: utf8(context) },
      await this.key(purpose),
      utf8(JSON.stringify(value)),
    )
    const out = new Uint8Array(12 + sealed.byteLength)
    out.set(iv)
    out.set(new Uint8Array(sealed), 12)
    return toBase64Url(out)
  }

  /**
   * A keyed, deterministic fingerprint of `data` for `purpose` (HMAC-SHA256 under a key derived
   * from the same root): stable answers that nobody without the root secret can predict.
   */
  async fingerprint(purpose: string, data: string): Promise<Uint8Array<ArrayBuffer>> {
    const key = await this.derived(
      this.macKeys,
      `portcullis/mac/${purpose}`,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      ['sign'],
    )
    return new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(data)))
  }

  /**
   * The ES256 key pair derived from the root for `purpose` (see `derivedP256Jwk`): every isolate
   * derives the same key and `kid`, so a key for tokens anyone may verify needs no storage. Made
   * once per isolate and cached.
   */
  signingKey(purpose: string): Promise<DerivedP256Jwk> {
    let key = this.signingKeys.get(purpose)
    if (!key) {
      key = derivedP256Jwk(this.rootSecret, `portcullis/signing/${purpose}`)
      this.signingKeys.set(purpose, key)
    }
    return key
  }

  /** Opens a sealed value, or returns null when it was not sealed by us for this purpose and context. */
  async open<T>(purpose: string, sealed: string, context = ''): Promise<T | null> {
    try {
      const bytes = fromBase64Url(sealed)
      if (bytes.length < 12 + 16) return null
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: utf8(context) },
        await this.key(purpose),
        bytes.subarray(12),
      )
      return JSON.parse(fromUtf8(new Uint8Array(plain))) as T
    } catch {
      return null
    }
  }
}
