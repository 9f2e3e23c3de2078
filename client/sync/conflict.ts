import type { SyncRecord } from './records'

/** How one conflict was settled: keep the server's record, this device's, or a new value. */
export type ConflictResolution =
  | { readonly key: string; readonly take: 'remote' }
  | { readonly key: string; readonly take: 'local' }
  | { readonly key: string; readonly take: 'value'; readonly value: string | null }

/**
 * A key changed both on this device (not yet pushed) and on the server since the last pull.
 * `onConflict` answers each with one of the `resolveWith…` methods.
 */
export class SyncConflict {
  constructor(
    readonly localRecord: SyncRecord,
    readonly remoteRecord: SyncRecord,
  ) {}

  get key(): string {
    return this.localRecord.key
  }

  /** Keep the server's record; this device's change is dropped. */
  resolveWithRemoteRecord(): ConflictResolution {
    return { key: this.key, take: 'remote' }
  }

  /** Keep this device's record; the next push overwrites the server's. */
  resolveWithLocalRecord(): ConflictResolution {
    return { key: this.key, take: 'local' }
  }

  /** Store `value` (null removes the record), pushed over the server's. */
  resolveWithValue(value: string | null): ConflictResolution {
    return { key: this.key, take: 'value', value }
  }
}

/**
 * The default policy: the more recent change wins. This device's change is dated by its own
 * clock; the server's by the writing device's date when the server kept one, else by when the
 * server accepted it (`remote.ts` fills that in). A tie goes to the server, whose record other devices already have.
 */
export function mostRecentWins(conflict: SyncConflict): ConflictResolution {
  const remoteTime = conflict.remoteRecord.deviceLastModifiedDate.getTime()
  return conflict.localRecord.deviceLastModifiedDate.getTime() > remoteTime
    ? conflict.resolveWithLocalRecord()
    : conflict.resolveWithRemoteRecord()
}
