import { ResourceConflictException } from '../../errors/sync'
import type { DatasetRecord, IdentityRef } from '../model'
import type { SyncServices } from '../services'
import { commitDatasetDeletion } from '../store/record-repository'
import { type DatasetView, datasetView } from './dataset-view'
import { requireDataset } from './describe-dataset'

/**
 * DeleteDataset: the dataset's records go, and a tombstone stays at the next sync count, so a
 * device that synced before learns from ListRecords to delete its copy (and a dataset created
 * again under the name counts on from there). Answers the dataset as it was. A sync committed
 * meanwhile makes it ResourceConflictException, with nothing deleted.
 */
export async function deleteDataset(
  services: SyncServices,
  ref: IdentityRef,
  datasetName: string,
): Promise<DatasetView> {
  const loaded = await requireDataset(services, ref, datasetName)
  const { record } = loaded
  const syncCount = record.syncCount + 1
  const tombstone: DatasetRecord = {
    DatasetName: record.DatasetName,
    creationDate: record.creationDate,
    lastModifiedDate: services.now(),
    lastModifiedBy: record.lastModifiedBy,
    syncCount,
    numRecords: 0,
    dataStorage: 0,
    deleted: true,
    deletedAtSyncCount: syncCount,
  }
  if (
    (await commitDatasetDeletion(services, ref.identityId, tombstone, loaded.version)) ===
    'conflict'
  )
    throw new ResourceConflictException('The dataset changed while it was being deleted.')
  return datasetView(ref.identityId, record)
}
