import { listIdentityPoolEntries } from '../../identitypool/store/pool-repository'
import { requireSyncPool } from '../configuration/sync-pool'
import { openPageToken, pageSize, sealPageToken } from '../paging'
import type { SyncServices } from '../services'
import { listLiveDatasets } from '../store/dataset-repository'
import { type PoolUsage, poolUsage } from './sync-usage'

/** Datasets read per page while adding up an identity's bytes. */
const DATASET_PAGE = 100

/** Bytes of an identity's live records (keys and values), as its datasets count them now. */
async function identityDataStorage(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
): Promise<number> {
  let bytes = 0
  let after: string | undefined
  do {
    const page = await listLiveDatasets(services, identityId, {
      limit: DATASET_PAGE,
      ...(after !== undefined ? { after } : {}),
    })
    for (const dataset of page.datasets) bytes += dataset.dataStorage
    after = page.next
  } while (after !== undefined)
  return bytes
}

/** DescribeIdentityPoolUsage: one pool's usage; an unknown pool is ResourceNotFoundException. */
export async function describePoolUsage(
  services: SyncServices,
  identityPoolId: string,
): Promise<PoolUsage> {
  await requireSyncPool(services, identityPoolId)
  return poolUsage(services, identityPoolId, (identityId) =>
    identityDataStorage(services, identityId),
  )
}

/** Pools per page unless MaxResults says otherwise, and at most. */
const DEFAULT_PAGE = 16
const MAX_PAGE = 60

/**
 * ListIdentityPoolUsage: the identity pools in id order with their usage, a page at a time, and
 * the page size used (the answer's MaxResults).
 */
export async function listPoolUsage(
  services: SyncServices,
  page: { nextToken?: string; maxResults?: number },
): Promise<{ usages: PoolUsage[]; maxResults: number; nextToken?: string }> {
  const listing = ['ListIdentityPoolUsage']
  const after = await openPageToken(services, listing, page.nextToken)
  const limit = pageSize(page.maxResults, DEFAULT_PAGE, MAX_PAGE)
  const found = await listIdentityPoolEntries(services, limit, after)
  const usages = await Promise.all(
    found.pools.map((pool) =>
      poolUsage(services, pool.IdentityPoolId, (identityId) =>
        identityDataStorage(services, identityId),
      ),
    ),
  )
  const nextToken = await sealPageToken(services, listing, found.next)
  return { usages, maxResults: limit, ...(nextToken !== undefined ? { nextToken } : {}) }
}
