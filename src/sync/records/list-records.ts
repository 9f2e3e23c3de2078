import { InvalidParameterException } from '../../errors/sync'
import { requireSyncIdentity } from '../identities/sync-identity'
import { mergedDatasetNames } from '../merges/merged-datasets'
import { type IdentityRef, SYNC_LIMITS } from '../model'
import { openPageToken, pageSize, sealPageToken } from '../paging'
import type { SyncServices } from '../services'
import { loadDataset } from '../store/dataset-repository'
import { listRecordsAbove } from '../store/record-repository'
import { type RecordView, recordView } from './record-view'
import { checkSyncSessionToken, issueSyncSessionToken } from './session-token'

export interface ListRecordsRequest {
  datasetName: string
  /** The client's last sync count: only records changed after it are listed (0: all). */
  lastSyncCount?: number
  nextToken?: string
  maxResults?: number
  /** A session already begun (a later page); a new one is issued without. */
  syncSessionToken?: string
}

export interface ListRecordsResult {
  records: RecordView[]
  nextToken?: string
  datasetSyncCount: number
  lastModifiedBy?: string
  mergedDatasetNames: string[]
  datasetExists: boolean
  datasetDeletedAfterRequestedSyncCount: boolean
  syncSessionToken: string
}

/**
 * ListRecords: the records of a dataset changed after the client's last sync count (tombstones of
 * removed records included, so the client removes them too), a page at a time, with the dataset's
 * sync count, whether it exists, whether it was deleted since the client last synced (the client
 * then deletes its copy), the datasets merged into it from other identities, and a sync session
 * for the UpdateRecords that follows.
 */
export async function listRecords(
  services: SyncServices,
  ref: IdentityRef,
  request: ListRecordsRequest,
): Promise<ListRecordsResult> {
  // ListRecords has no ResourceNotFoundException in the model: an identity not of the pool is a bad parameter.
  await requireSyncIdentity(services, ref, (message) => new InvalidParameterException(message))
  const { identityId } = ref
  const { datasetName } = request
  if (request.syncSessionToken !== undefined)
    await checkSyncSessionToken(services, identityId, datasetName, request.syncSessionToken)
  const lastSyncCount = Math.max(0, request.lastSyncCount ?? 0)
  const listing = [
    'ListRecords',
    ref.identityPoolId,
    identityId,
    datasetName,
    String(lastSyncCount),
  ]
  const after = await openPageToken(services, listing, request.nextToken)
  const [loaded, merged] = await Promise.all([
    loadDataset(services, identityId, datasetName),
    mergedDatasetNames(services, identityId, datasetName),
  ])
  const dataset = loaded?.record
  const exists = dataset !== undefined && !dataset.deleted
  const page = exists
    ? await listRecordsAbove(services, identityId, datasetName, {
        aboveSyncCount: lastSyncCount,
        limit: pageSize(
          request.maxResults,
          SYNC_LIMITS.recordsPerDataset,
          SYNC_LIMITS.recordsPerDataset,
        ),
        ...(after === undefined ? {} : { after }),
      })
    : { records: [] }
  const nextToken = await sealPageToken(services, listing, page.next)
  // A client that synced before the last deletion (a sync count of 1 or more, below the count
  // the deletion took) holds a copy of a dataset that no longer is, and must drop it.
  const deletedAt = dataset?.deletedAtSyncCount
  const deletedSince = deletedAt !== undefined && lastSyncCount > 0 && lastSyncCount < deletedAt
  return {
    records: page.records.map(recordView),
    ...(nextToken === undefined ? {} : { nextToken }),
    datasetSyncCount: dataset?.syncCount ?? 0,
    ...(exists ? { lastModifiedBy: dataset.lastModifiedBy } : {}),
    mergedDatasetNames: merged,
    datasetExists: exists,
    datasetDeletedAfterRequestedSyncCount: deletedSince,
    syncSessionToken:
      request.syncSessionToken ?? (await issueSyncSessionToken(services, identityId, datasetName)),
  }
}
