import { toBase64Url } from '../../crypto/encoding'
import { storeKey } from '../../storage/keys'
import type { Stores } from '../../storage/record-store'
import type { StreamRecord } from './stream-record'

/**
 * How long a large record's payload stays readable: four days, the default retention of a
 * Cloudflare Queue, so a consumer that reads a message at all can still read its payload.
 */
export const PAYLOAD_LIFETIME_MS = 4 * 24 * 60 * 60 * 1000

/** The path, under the sync API, at which a payload is read (capability URL, as S3's presigned one). */
export const streamPayloadPath = (identityId: string, payloadId: string): string =>
  `/sync/stream-payloads/${encodeURIComponent(identityId)}/${payloadId}`

const payloadKey = (payloadId: string) => storeKey('stream-payload', payloadId)

/**
 * Keeps the whole record (its records inline) in the identity's own store, where its data already
 * is, until PAYLOAD_LIFETIME_MS has passed, and returns the id that names it. The id is 256 random
 * bits: like the presigned S3 URL Cognito sends, the URL itself is the permission to read.
 */
export async function keepStreamPayload(
  services: { stores: Stores; now(): number },
  identityId: string,
  record: StreamRecord,
): Promise<string> {
  const payloadId = toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
  const result = await services.stores.syncData(identityId).commit({
    expect: [{ key: payloadKey(payloadId), version: 0 }],
    put: [
      {
        key: payloadKey(payloadId),
        value: record,
        expiresAt: services.now() + PAYLOAD_LIFETIME_MS,
      },
    ],
  })
  if (!result.ok) throw new Error('a fresh stream payload id was already taken')
  return payloadId
}

/** A payload kept by `keepStreamPayload`, or null when there is none (or it lapsed). */
export async function streamPayload(
  services: { stores: Stores },
  identityId: string,
  payloadId: string,
): Promise<StreamRecord | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(payloadId)) return null
  const record = await services.stores.syncData(identityId).get<StreamRecord>(payloadKey(payloadId))
  return record?.value ?? null
}
