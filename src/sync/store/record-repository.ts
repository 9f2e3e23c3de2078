import type { Put } from '../../storage/record-store'
import type { DatasetRecord, SyncRecord } from '../model'
import type { SyncServices } from '../services'
import { syncStore } from './dataset-repository'
import { syncKeys } from './keys'

/** A record as read, with the version a commit expects (0: it was absent). */
export interface LoadedRecord {
  record: SyncRecord | null
  version: number
}

/** The current state of the records `keys` of a dataset, in the order asked. */
export async function loadRecords(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  datasetName: string,
  keys: string[],
): Promise<LoadedRecord[]> {
  if (keys.length === 0) return []
  const stored = await syncStore(services, identityId).getMany<SyncRecord>(
    keys.map((key) => syncKeys.record(datasetName, key)),
  )
  return stored.map((found) =>
    found ? { record: found.value, version: found.version } : { record: null, version: 0 },
  )
}

/**
 * The dataset's records (tombstones included) whose sync count is above `aboveSyncCount`, in key
 * order after the record key `after`, at most `limit`; `next` is the last key returned when more
 * may follow.
 */
export async function listRecordsAbove(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  datasetName: string,
  options: { aboveSyncCount: number; after?: string; limit: number },
): Promise<{ records: SyncRecord[]; next?: string }> {
  const store = syncStore(services, identityId)
  const prefix = syncKeys.records(datasetName)
  const records: SyncRecord[] = []
  let after = options.after === undefined ? undefined : syncKeys.record(datasetName, options.after)
  for (;;) {
    const page = await store.list<SyncRecord>(prefix, after === undefined ? {} : { after })
    for (const stored of page.records) {
      if (stored.value.syncCount <= options.aboveSyncCount) continue
      if (records.length === options.limit)
        return { records, next: records[records.length - 1]!.Key }
      records.push(stored.value)
    }
    if (page.next === undefined) return { records }
    after = page.next
  }
}

/**
 * Every record of a dataset, tombstones included, by key, with the version each was read at (for
 * the SyncTrigger, which sees the whole dataset and may write any record of it).
 */
export async function loadAllRecords(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  datasetName: string,
): Promise<Map<string, LoadedRecord>> {
  const store = syncStore(services, identityId)
  const prefix = syncKeys.records(datasetName)
  const records = new Map<string, LoadedRecord>()
  let after: string | undefined
  for (;;) {
    const page = await store.list<SyncRecord>(prefix, after === undefined ? {} : { after })
    for (const stored of page.records)
      records.set(stored.value.Key, { record: stored.value, version: stored.version })
    if (page.next === undefined) return records
    after = page.next
  }
}

/** What one accepted sync writes: the dataset's new record and the records it changed. */
export interface SyncWrite {
  dataset: DatasetRecord
  /** The dataset record's version as read (0: it did not exist). */
  datasetVersion: number
  records: Array<{ record: SyncRecord; version: number }>
  /** Set when the sync creates the dataset: the catalogue version its count of datasets was read at. */
  creating?: { catalogueVersion: number }
}

/**
 * Commits a sync if nothing it read has changed since: the dataset record's version and every
 * touched record's version are expected, so a concurrent sync (or a deletion) makes this one
 * fail whole, and nothing of it is written.
 */
export async function commitSync(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  write: SyncWrite,
): Promise<'ok' | 'conflict'> {
  const datasetKey = syncKeys.dataset(write.dataset.DatasetName)
  const puts: Put[] = [{ key: datasetKey, value: write.dataset }]
  const expect = [{ key: datasetKey, version: write.datasetVersion }]
  if (write.creating) {
    expect.push({ key: syncKeys.catalogue(), version: write.creating.catalogueVersion })
    puts.push({ key: syncKeys.catalogue(), value: { changedAt: write.dataset.lastModifiedDate } })
  }
  for (const { record, version } of write.records) {
    const key = syncKeys.record(write.dataset.DatasetName, record.Key)
    puts.push({ key, value: record })
    expect.push({ key, version })
  }
  const result = await syncStore(services, identityId).commit({ expect, put: puts })
  return result.ok ? 'ok' : 'conflict'
}

/**
 * Deletes a dataset's records and leaves its tombstone (`tombstone`), if the dataset record is
 * still at `version`. Records written meanwhile would have moved the dataset record too, so the
 * expectation on it alone keeps the deletion whole. Answers the live records it removed (for the
 * stream's `remove` record).
 */
export async function commitDatasetDeletion(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  tombstone: DatasetRecord,
  version: number,
): Promise<{ removed: SyncRecord[] } | 'conflict'> {
  const datasetKey = syncKeys.dataset(tombstone.DatasetName)
  const records = await loadAllRecords(services, identityId, tombstone.DatasetName)
  const result = await syncStore(services, identityId).commit({
    expect: [{ key: datasetKey, version }],
    put: [{ key: datasetKey, value: tombstone }],
    delete: [...records.keys()].map((key) => syncKeys.record(tombstone.DatasetName, key)),
  })
  if (!result.ok) return 'conflict'
  const removed: SyncRecord[] = []
  for (const { record } of records.values())
    if (record && record.value !== null) removed.push(record)
  return { removed }
}

/**
 * Creates a dataset with its records in one commit, if no dataset of that name exists (not even
 * a tombstone); `'exists'` otherwise, which makes creating it again harmless.
 */
export async function insertDataset(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  dataset: DatasetRecord,
  records: SyncRecord[],
): Promise<'ok' | 'exists'> {
  const datasetKey = syncKeys.dataset(dataset.DatasetName)
  const result = await syncStore(services, identityId).commit({
    expect: [{ key: datasetKey, version: 0 }],
    put: [
      { key: datasetKey, value: dataset },
      // Counted again by any creation under way (merged datasets may go past the limit, on purpose).
      { key: syncKeys.catalogue(), value: { changedAt: dataset.lastModifiedDate } },
      ...records.map((record) => ({
        key: syncKeys.record(dataset.DatasetName, record.Key),
        value: record,
      })),
    ],
  })
  return result.ok ? 'ok' : 'exists'
}
