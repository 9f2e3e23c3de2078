import type { DatasetRecord } from '../model'
import type { SyncServices } from '../services'
import { listLiveDatasets } from '../store/dataset-repository'
import { insertDataset, listRecordsAbove } from '../store/record-repository'
import { indexMergedIdentity } from '../usage/sync-usage'
import { mergedDatasetName } from './merged-datasets'

/**
 * When an identity pool merges identities, the merged-away identities' datasets appear in the
 * identity that stays, each as `{datasetName}.{sourceIdentityId}`: Cognito Sync's clients find
 * them in ListRecords' MergedDatasetNames, open them, merge them into their own dataset and
 * delete them.
 *
 * They are copied, once, right after the merge is committed and before the merge's answer, rather
 * than read through from the source on every listing: the source's sessions are revoked by the
 * merge, so its data no longer changes and the copy is exact; every sync operation then works on
 * the destination's own store and object alone (one object per identity, no cross-object reads
 * on the hot path), and deleting a merged dataset is an ordinary DeleteDataset. The copy is
 * idempotent (a dataset already there is left alone). Merged datasets may take the destination
 * past the 20 datasets an identity may create, as nothing may be lost; a merged name that would
 * pass the model's 128 characters is shortened (see `mergedDatasetName`). A failure is logged and
 * leaves the merge in place (the source's data is untouched).
 */
export async function mergeSyncData(
  services: SyncServices,
  sourceIdentityIds: string[],
  destinationIdentityId: string,
): Promise<void> {
  for (const source of sourceIdentityIds) {
    try {
      await copyDatasets(services, source, destinationIdentityId)
      await indexMergedIdentity(services, source, destinationIdentityId)
    } catch (error) {
      console.error(
        `sync: merging the datasets of ${source} into ${destinationIdentityId} failed: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
}

async function copyDatasets(
  services: SyncServices,
  source: string,
  destination: string,
): Promise<void> {
  const { datasets } = await listLiveDatasets(services, source, { limit: Number.MAX_SAFE_INTEGER })
  for (const dataset of datasets) {
    const name = await mergedDatasetName(dataset.DatasetName, source)
    const { records } = await listRecordsAbove(services, source, dataset.DatasetName, {
      aboveSyncCount: 0,
      limit: Number.MAX_SAFE_INTEGER,
    })
    const merged: DatasetRecord = {
      DatasetName: name,
      creationDate: services.now(),
      lastModifiedDate: dataset.lastModifiedDate,
      lastModifiedBy: dataset.lastModifiedBy,
      syncCount: dataset.syncCount,
      numRecords: dataset.numRecords,
      dataStorage: dataset.dataStorage,
      mergedFrom: source,
    }
    await insertDataset(
      services,
      destination,
      merged,
      records.filter((record) => record.value !== null),
    )
  }
}
