import { InvalidParameterException } from '../../errors/sync'
import { requireSyncIdentity } from '../identities/sync-identity'
import type { IdentityRef } from '../model'
import { SYNC_LIMITS } from '../model'
import { openPageToken, pageSize, sealPageToken } from '../paging'
import type { SyncServices } from '../services'
import { listLiveDatasets } from '../store/dataset-repository'
import { type DatasetView, datasetView } from './dataset-view'

/** ListDatasets: an identity's datasets in name order, a page at a time. */
export async function listDatasets(
  services: SyncServices,
  ref: IdentityRef,
  page: { nextToken?: string; maxResults?: number },
): Promise<{ datasets: DatasetView[]; nextToken?: string }> {
  // ListDatasets has no ResourceNotFoundException in the model: an identity not of the pool is a bad parameter.
  await requireSyncIdentity(services, ref, (message) => new InvalidParameterException(message))
  const listing = ['ListDatasets', ref.identityPoolId, ref.identityId]
  const after = await openPageToken(services, listing, page.nextToken)
  const limit = pageSize(page.maxResults, SYNC_LIMITS.datasetsPerIdentity, 100)
  const found = await listLiveDatasets(services, ref.identityId, {
    limit,
    ...(after === undefined ? {} : { after }),
  })
  const nextToken = await sealPageToken(services, listing, found.next)
  return {
    datasets: found.datasets.map((record) => datasetView(ref.identityId, record)),
    ...(nextToken === undefined ? {} : { nextToken }),
  }
}
