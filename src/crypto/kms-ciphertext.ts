import type { Sealer } from './aead'
import { concatBytes, fromBase64, fromBase64Url, toBase64, toBase64Url, utf8 } from './encoding'

/**
 * KMS ciphertext blobs that only this deployment opens: a data key sealed (src/crypto/aead.ts)
 * under its own purpose, bound to the KMS key ARN and the encryption context, as KMS binds a
 * symmetric ciphertext to its key and context. The ARN travels in the clear ahead of the sealed
 * part, as KMS's own blobs carry their key, so Decrypt can name the key without a KeyId.
 */

const PURPOSE = 'kms-data-key'
const VERSION = 0x01
const MAX_ARN_BYTES = 2048

/** The sealer's associated data: the key ARN and the context, order-independent in the context. */
const bindingOf = (keyArn: string, context: Readonly<Record<string, string>>): string =>
  JSON.stringify([keyArn, Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))])

/** Seals `dataKey` for `keyArn` and `context`: the blob an Encryption SDK header's KMS key carries. */
export async function sealDataKey(
  sealer: Sealer,
  keyArn: string,
  context: Readonly<Record<string, string>>,
  dataKey: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const arn = utf8(keyArn)
  if (arn.length > MAX_ARN_BYTES) throw new RangeError('key ARN too long')
  const sealed = fromBase64Url(
    await sealer.seal(PURPOSE, toBase64(dataKey), bindingOf(keyArn, context)),
  )
  return concatBytes(new Uint8Array([VERSION, arn.length >> 8, arn.length & 0xff]), arn, sealed)
}

/** The key ARN a blob names, or undefined when it is not a blob of ours at all. */
export function keyArnOf(blob: Uint8Array): string | undefined {
  if (blob.length < 3 || blob[0] !== VERSION) return undefined
  const length = (blob[1]! << 8) | blob[2]!
  if (length === 0 || blob.length < 3 + length) return undefined
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      blob.subarray(3, 3 + length),
    )
  } catch {
    return undefined
  }
}

/**
 * The data key in `blob`, or null when the blob was not sealed here, was altered, or is presented
 * with another encryption context than it was sealed with.
 */
export async function openDataKey(
  sealer: Sealer,
  blob: Uint8Array,
  context: Readonly<Record<string, string>>,
): Promise<{ keyArn: string; plaintext: Uint8Array<ArrayBuffer> } | null> {
  const keyArn = keyArnOf(blob)
  if (keyArn === undefined) return null
  const sealed = blob.subarray(3 + utf8(keyArn).length)
  const opened = await sealer.open<unknown>(
    PURPOSE,
    toBase64Url(sealed),
    bindingOf(keyArn, context),
  )
  if (typeof opened !== 'string') return null
  return { keyArn, plaintext: fromBase64(opened) }
}
