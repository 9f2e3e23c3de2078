import type { StreamRecord } from './stream-record'

/**
 * Where Cognito Streams records go: a Cloudflare Queue producer (the SYNC_STREAM binding), the
 * edge's Kinesis stream. One message per accepted sync.
 */
export interface StreamQueue {
  send(record: StreamRecord): Promise<unknown>
}
