import type { Runtime } from '../config'
import { ResourceNotFoundException } from '../errors/sync'
import { streamPayload } from '../sync/streams/stream-payloads'
import { syncResponse } from './respond'

/**
 * A large stream record's payload (`kinesisSyncRecordsURL`): the whole record with its records
 * inline, to whoever holds the URL, as the presigned S3 URL Cognito sends is read; until it lapses.
 */
export async function readStreamPayload(
  identityId: string,
  payloadId: string,
  runtime: Runtime,
): Promise<Response> {
  const record = await streamPayload(runtime.services, identityId, payloadId)
  if (!record) throw new ResourceNotFoundException('No such stream payload, or it has expired.')
  return syncResponse(record, crypto.randomUUID())
}
