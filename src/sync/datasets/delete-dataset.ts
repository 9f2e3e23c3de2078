import { ResourceConflictException } from '../../errors/sync'
import type { DatasetRecord, IdentityRef, SyncCaller } from '../model'
import { onAcceptedSync } from '../records/accepted-sync'
import { modifierOf } from '../records/modifier'
import type { SyncServices } from '../services'
import { commitDatasetDeletion } from '../store/record-repository'
import { type DatasetView, datasetView } from './dataset-view'
import { requireDataset } from './describe-dataset'

/**
 * DeleteDataset: the dataset's records go, and a tombstone stays at the next sync count, so a
 * device that synced before learns from ListRecords to delete its copy (and a dataset created
 * again under the name counts on from there). Answers the dataset as it was. A sync committed
 * meanwhile makes it ResourceConflictException, with nothing deleted. The deletion is announced as
 * an accepted sync is (push and Cognito Streams, whose record says `operation: "remove"`), with
 * every removed record; `origin` is where a stream record too large to send inline is read.
 */
export async function deleteDataset(
  services: SyncServices,
  ref: IdentityRef,
  caller: SyncCaller,
  datasetName: string,
  origin?: string,
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
  const committed = await commitDatasetDeletion(services, ref.identityId, tombstone, loaded.version)
  if (committed === 'conflict')
    throw new ResourceConflictException('The dataset changed while it was being deleted.')
  const lastModifiedBy = modifierOf(caller)
  await onAcceptedSync(services, {
    identityPoolId: ref.identityPoolId,
    identityId: ref.identityId,
    datasetName: record.DatasetName,
    syncCount,
    records: committed.removed.map((removed) => ({
      Key: removed.Key,
      value: null,
      syncCount,
      lastModifiedDate: tombstone.lastModifiedDate,
      lastModifiedBy,
    })),
    callerIsIdentity: caller.kind === 'identity',
    operation: 'remove',
    ...(origin === undefined ? {} : { origin }),
  })
  return datasetView(ref.identityId, record)
}
