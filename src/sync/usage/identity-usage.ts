import { requireSyncIdentity } from '../identities/sync-identity'
import type { IdentityRef } from '../model'
import type { SyncServices } from '../services'
import { listLiveDatasets } from '../store/dataset-repository'

/** An identity's sync usage (the model's `IdentityUsage`), dates in epoch ms. */
export interface IdentityUsageView {
  IdentityId: string
  IdentityPoolId: string
  /** The last change to any of its datasets; absent while it has none. */
  LastModifiedDate?: number
  DatasetCount: number
  DataStorage: number
}

/** DescribeIdentityUsage: how many datasets the identity has, and their bytes. */
export async function describeIdentityUsage(
  services: SyncServices,
  ref: IdentityRef,
): Promise<IdentityUsageView> {
  await requireSyncIdentity(services, ref)
  // Merged datasets may take an identity past the 20 it may create: count them all.
  const { datasets } = await listLiveDatasets(services, ref.identityId, {
    limit: Number.MAX_SAFE_INTEGER,
  })
  const lastModified = Math.max(0, ...datasets.map((dataset) => dataset.lastModifiedDate))
  return {
    IdentityId: ref.identityId,
    IdentityPoolId: ref.identityPoolId,
    ...(datasets.length > 0 ? { LastModifiedDate: lastModified } : {}),
    DatasetCount: datasets.length,
    DataStorage: datasets.reduce((sum, dataset) => sum + dataset.dataStorage, 0),
  }
}
