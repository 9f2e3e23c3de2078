/** One record of a synchronization, as Cognito Streams writes it (`kinesisSyncRecords[]`). */
export interface KinesisSyncRecord {
  key: string
  /** Absent for a removed record. */
  value?: string
  syncCount: number
  /** Epoch milliseconds. */
  lastModifiedDate: number
  /** Epoch milliseconds. */
  deviceLastModifiedDate: number
  op: 'replace' | 'remove'
}

/**
 * One synchronization as Cognito Streams sends it (cognito-streams.md): the records inline, or,
 * when they are too large for one message, a URL that holds them (`payloadType: "S3Url"`).
 */
export interface StreamRecord {
  identityPoolId: string
  identityId: string
  dataSetName: string
  operation: 'replace' | 'remove'
  kinesisSyncRecords?: KinesisSyncRecord[]
  lastModifiedDate: number
  kinesisSyncRecordsURL?: string
  payloadType: 'Inline' | 'S3Url'
  syncCount: number
}

/** What one accepted sync changed, for the stream. */
export interface StreamedSync {
  identityPoolId: string
  identityId: string
  datasetName: string
  syncCount: number
  /** Epoch milliseconds of the commit. */
  lastModifiedDate: number
  /** `remove` for a deleted dataset (its records the ones removed), else `replace`. */
  operation: 'replace' | 'remove'
  records: KinesisSyncRecord[]
}

/**
 * The largest stream message sent inline, in UTF-8 bytes: a Cloudflare Queue refuses a message
 * over 128 KB (Kinesis's limit, which Cognito uses, is 1 MB), so anything larger goes by URL.
 */
export const INLINE_LIMIT_BYTES = 128 * 1024

/** The stream record with its records inline. */
export function inlineStreamRecord(sync: StreamedSync): StreamRecord {
  return {
    identityPoolId: sync.identityPoolId,
    identityId: sync.identityId,
    dataSetName: sync.datasetName,
    operation: sync.operation,
    kinesisSyncRecords: sync.records,
    lastModifiedDate: sync.lastModifiedDate,
    payloadType: 'Inline',
    syncCount: sync.syncCount,
  }
}

/** The same record with its records at `url` instead (the URL answers `kinesisSyncRecords`). */
export function byReference(record: StreamRecord, url: string): StreamRecord {
  const { kinesisSyncRecords: _inline, ...rest } = record
  return { ...rest, kinesisSyncRecordsURL: url, payloadType: 'S3Url' }
}

/** Whether a record must go by reference: its JSON is over the inline limit. */
export function isTooLargeInline(record: StreamRecord): boolean {
  return new TextEncoder().encode(JSON.stringify(record)).byteLength > INLINE_LIMIT_BYTES
}
