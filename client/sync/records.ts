import type { LocalRecord } from './local-store'

/** A record as the client hands it out: the local cache's view, or the server's in a conflict. */
export interface SyncRecord {
  key: string
  /** The value; null if the record was removed. */
  value: string | null
  /** The server's sync count for the record when this copy was taken; 0 if never synced. */
  syncCount: number
  /** When the server last accepted a change to it, if it has. */
  lastModifiedDate?: Date
  /** Who the server says last changed it. */
  lastModifiedBy?: string
  /** When a device last changed it. */
  deviceLastModifiedDate: Date
  /** Changed on this device and not yet pushed (always false for a server record). */
  dirty: boolean
}

/** The public view of a cached record. */
export function toSyncRecord(key: string, record: LocalRecord): SyncRecord {
  return {
    key,
    value: record.value,
    syncCount: record.syncCount,
    ...(record.lastModifiedDate !== undefined
      ? { lastModifiedDate: new Date(record.lastModifiedDate) }
      : {}),
    ...(record.lastModifiedBy !== undefined ? { lastModifiedBy: record.lastModifiedBy } : {}),
    deviceLastModifiedDate: new Date(record.deviceLastModifiedDate),
    dirty: record.dirty,
  }
}

/** Whether two cached copies of a record are the same write (same value, same device time). */
export function sameWrite(a: LocalRecord | undefined, b: LocalRecord | undefined): boolean {
  if (!a || !b) return a === b
  return (
    a.value === b.value &&
    a.deviceLastModifiedDate === b.deviceLastModifiedDate &&
    a.dirty === b.dirty
  )
}
