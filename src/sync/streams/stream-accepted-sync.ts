import type { Stores } from '../../storage/record-store'
import { poolSyncConfiguration, streamingEnabled } from '../configuration/pool-configuration'
import { keepStreamPayload, streamPayloadPath } from './stream-payloads'
import type { StreamQueue } from './stream-queue'
import {
  byReference,
  inlineStreamRecord,
  isTooLargeInline,
  type StreamedSync,
} from './stream-record'

/** What streaming a sync needs: the stores, the clock and the Queue (absent: no binding). */
export interface StreamServices {
  stores: Stores
  now(): number
  syncStream?: StreamQueue
}

/**
 * Sends one accepted sync's Cognito Streams record to the Queue, when the pool's CognitoStreams
 * is ENABLED. A record too large for one message is kept (see `keepStreamPayload`) and sent by
 * its URL under `origin`, Portcullis's own, as Cognito sends a presigned S3 URL. Returns whether
 * a record was sent.
 */
export async function streamAcceptedSync(
  services: StreamServices,
  sync: StreamedSync,
  origin: string,
): Promise<boolean> {
  if (!streamingEnabled(await poolSyncConfiguration(services, sync.identityPoolId))) return false
  if (!services.syncStream) {
    console.error(
      `identity pool ${sync.identityPoolId} streams its syncs but the Worker has no SYNC_STREAM Queue binding`,
    )
    return false
  }
  let record = inlineStreamRecord(sync)
  if (isTooLargeInline(record)) {
    const payloadId = await keepStreamPayload(services, sync.identityId, record)
    record = byReference(record, `${origin}${streamPayloadPath(sync.identityId, payloadId)}`)
  }
  await services.syncStream.send(record)
  return true
}
