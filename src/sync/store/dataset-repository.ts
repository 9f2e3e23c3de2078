import type { RecordStore } from '../../storage/record-store'
import type { DatasetRecord } from '../model'
import type { SyncServices } from '../services'
import { syncKeys } from './keys'

/** A dataset record as read, with the version a commit expects. */
export interface LoadedDataset {
  record: DatasetRecord
  version: number
}

/** The identity's own sync store. */
export const syncStore = (
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
): RecordStore => services.stores.syncData(identityId)

/** A dataset's record (a deleted dataset's tombstone included), or null when it never existed. */
export async function loadDataset(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  datasetName: string,
): Promise<LoadedDataset | null> {
  const stored = await syncStore(services, identityId).get<DatasetRecord>(
    syncKeys.dataset(datasetName),
  )
  return stored ? { record: stored.value, version: stored.version } : null
}

/**
 * The identity's live datasets in name order, after `after`, at most `limit` of them; `next` is
 * the last name returned when more may follow. Tombstones of deleted datasets are skipped.
 */
export async function listLiveDatasets(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  options: { after?: string; limit: number },
): Promise<{ datasets: DatasetRecord[]; next?: string }> {
  const store = syncStore(services, identityId)
  const prefix = syncKeys.datasets()
  const datasets: DatasetRecord[] = []
  let after = options.after === undefined ? undefined : syncKeys.dataset(options.after)
  for (;;) {
    const page = await store.list<DatasetRecord>(prefix, after === undefined ? {} : { after })
    for (const stored of page.records) {
      if (stored.value.deleted) continue
      if (datasets.length === options.limit)
        return { datasets, next: datasets[datasets.length - 1]!.DatasetName }
      datasets.push(stored.value)
    }
    if (page.next === undefined) return { datasets }
    after = page.next
  }
}

/**
 * How many live datasets the identity has, and the version of its catalogue record as read (0:
 * none yet), which a commit creating a dataset expects.
 */
export async function countLiveDatasets(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
): Promise<{ count: number; catalogueVersion: number }> {
  const store = syncStore(services, identityId)
  const catalogue = await store.get(syncKeys.catalogue())
  let count = 0
  let after: string | undefined
  for (;;) {
    const page = await store.list<DatasetRecord>(
      syncKeys.datasets(),
      after === undefined ? {} : { after },
    )
    count += page.records.filter((stored) => !stored.value.deleted).length
    if (page.next === undefined) return { count, catalogueVersion: catalogue?.version ?? 0 }
    after = page.next
  }
}
