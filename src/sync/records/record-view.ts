import type { SyncRecord } from '../model'

/** A record as the sync API shows it (the model's `Record`), dates in epoch ms; a tombstone has no Value. */
export interface RecordView {
  Key: string
  Value?: string
  SyncCount: number
  LastModifiedDate: number
  LastModifiedBy: string
  DeviceLastModifiedDate?: number
}

export const recordView = (record: SyncRecord): RecordView => ({
  Key: record.Key,
  ...(record.value === null ? {} : { Value: record.value }),
  SyncCount: record.syncCount,
  LastModifiedDate: record.lastModifiedDate,
  LastModifiedBy: record.lastModifiedBy,
  ...(record.deviceLastModifiedDate === undefined
    ? {}
    : { DeviceLastModifiedDate: record.deviceLastModifiedDate }),
})
