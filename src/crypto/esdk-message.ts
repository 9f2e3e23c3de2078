import { concatBytes, utf8 } from './encoding'
import { randomBytes } from './random'

/**
 * AWS Encryption SDK messages (message format version 2), written with WebCrypto alone so that
 * any Encryption SDK decrypts them. The ESDK for browsers does not run in workerd, and the suite
 * is chosen for what the decrypting clients accept: ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY
 * (0x0478) is key-committing, so `buildClient` under REQUIRE_ENCRYPT_ALLOW_DECRYPT and under the
 * stricter default REQUIRE_ENCRYPT_REQUIRE_DECRYPT both decrypt it, as does
 * `decryptUnsignedMessageStream`; it needs no signature key pair per message (HKDF-SHA512 and
 * AES-256-GCM only). The layout follows the Encryption SDK's message-format reference.
 */

/** An encrypted data key as the header carries it: who can open it, and the wrapped key. */
export interface EncryptedDataKey {
  providerId: string
  providerInfo: string
  ciphertext: Uint8Array
}

const SUITE_ID = 0x0478
const DATA_KEY_BYTES = 32
const MESSAGE_ID_BYTES = 32
const IV_BYTES = 12
const FRAME_LENGTH = 4096
const CONTENT_TYPE_FRAMED = 0x02
const SEQUENCE_NUMBER_END = 0xffffffff
const FINAL_FRAME_AAD = 'AWSKMSEncryptionClient Final Frame'

const uint16 = (value: number): Uint8Array => {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff)
    throw new RangeError('field too long for an Encryption SDK message')
  return new Uint8Array([value >> 8, value & 0xff])
}
const uint32 = (value: number): Uint8Array => {
  const bytes = new Uint8Array(4)
  new DataView(bytes.buffer).setUint32(0, value, false)
  return bytes
}
const uint64 = (value: number): Uint8Array => {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), false)
  return bytes
}
/** A length-prefixed field (2-byte big-endian length). */
const field = (bytes: Uint8Array): Uint8Array => concatBytes(uint16(bytes.length), bytes)

/** Byte-wise order of UTF-8 strings, as the format sorts encryption context keys. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

/** The header's AAD section: its length, then the pair count and pairs; nothing but the length when empty. */
function serializeEncryptionContext(context: Readonly<Record<string, string>>): Uint8Array {
  const pairs = Object.entries(context)
    .map(([key, value]) => [utf8(key), utf8(value)] as const)
    .sort(([a], [b]) => compareBytes(a, b))
  if (pairs.length === 0) return uint16(0)
  const body = concatBytes(
    uint16(pairs.length),
    ...pairs.flatMap(([key, value]) => [field(key), field(value)]),
  )
  return concatBytes(uint16(body.length), body)
}

/** HKDF-SHA512 over the data key, salted with the message id: the content key and the key commitment. */
async function deriveKeys(
  dataKey: Uint8Array<ArrayBuffer>,
  messageId: Uint8Array<ArrayBuffer>,
): Promise<{ contentKey: CryptoKey; commitment: Uint8Array }> {
  const root = await crypto.subtle.importKey('raw', dataKey, 'HKDF', false, ['deriveBits'])
  const expand = async (info: Uint8Array<ArrayBuffer>) =>
    new Uint8Array(
      await crypto.subtle.deriveBits(
        { name: 'HKDF', hash: 'SHA-512', salt: messageId, info },
        root,
        DATA_KEY_BYTES * 8,
      ),
    )
  const keyBytes = await expand(concatBytes(uint16(SUITE_ID), utf8('DERIVEKEY')))
  const commitment = await expand(utf8('COMMITKEY'))
  const contentKey = await crypto.subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt'])
  keyBytes.fill(0)
  return { contentKey, commitment }
}

const gcm = async (
  key: CryptoKey,
  iv: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
  plaintext: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array> =>
  new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData, tagLength: 128 },
      key,
      plaintext,
    ),
  )

/**
 * Encrypts `plaintext` into an Encryption SDK message under a fresh data key, which `wrap` turns
 * into the message's one encrypted data key (it sees the encryption context the header carries,
 * which the decrypting keyring will present again). The content is framed: frames of 4096 bytes,
 * the last one a final frame.
 */
export async function encryptMessage(input: {
  plaintext: Uint8Array<ArrayBuffer>
  encryptionContext: Readonly<Record<string, string>>
  wrap(dataKey: Uint8Array<ArrayBuffer>): Promise<EncryptedDataKey>
}): Promise<Uint8Array<ArrayBuffer>> {
  const dataKey = randomBytes(DATA_KEY_BYTES)
  const messageId = randomBytes(MESSAGE_ID_BYTES)
  try {
    const edk = await input.wrap(dataKey)
    const { contentKey, commitment } = await deriveKeys(dataKey, messageId)
    const header = concatBytes(
      new Uint8Array([0x02]),
      uint16(SUITE_ID),
      messageId,
      serializeEncryptionContext(input.encryptionContext),
      uint16(1),
      field(utf8(edk.providerId)),
      field(utf8(edk.providerInfo)),
      field(edk.ciphertext),
      new Uint8Array([CONTENT_TYPE_FRAMED]),
      uint32(FRAME_LENGTH),
      commitment,
    )
    // Version 2 authenticates the header with an all-zero IV over no plaintext.
    const headerTag = await gcm(contentKey, new Uint8Array(IV_BYTES), header, new Uint8Array(0))
    const frames: Uint8Array[] = []
    const { plaintext } = input
    const frameCount = Math.floor(plaintext.length / FRAME_LENGTH) + 1
    for (let sequence = 1; sequence <= frameCount; sequence++) {
      const content = plaintext.slice((sequence - 1) * FRAME_LENGTH, sequence * FRAME_LENGTH)
      const final = sequence === frameCount
      const iv = concatBytes(new Uint8Array(IV_BYTES - 4), uint32(sequence))
      const aad = concatBytes(
        messageId,
        utf8(final ? FINAL_FRAME_AAD : 'AWSKMSEncryptionClient Frame'),
        uint32(sequence),
        uint64(content.length),
      )
      const sealed = await gcm(contentKey, iv, aad, content)
      frames.push(
        final
          ? concatBytes(uint32(SEQUENCE_NUMBER_END), uint32(sequence), iv, uint32(content.length))
          : concatBytes(uint32(sequence), iv),
        sealed,
      )
    }
    return concatBytes(header, headerTag, ...frames)
  } finally {
    dataKey.fill(0)
  }
}
