import { ResourceNotFoundException } from '../../errors/sync'
import { requireSyncIdentity } from '../identities/sync-identity'
import type { IdentityRef } from '../model'
import type { SyncServices } from '../services'
import { type LoadedDataset, loadDataset } from '../store/dataset-repository'
import { type DatasetView, datasetView } from './dataset-view'

/** A live dataset of an identity of the pool; ResourceNotFoundException for none (or a deleted one). */
export async function requireDataset(
  services: SyncServices,
  ref: IdentityRef,
  datasetName: string,
): Promise<LoadedDataset> {
  await requireSyncIdentity(services, ref)
  const loaded = await loadDataset(services, ref.identityId, datasetName)
  if (!loaded || loaded.record.deleted)
    throw new ResourceNotFoundException(`Dataset '${datasetName}' not found.`)
  return loaded
}

/** DescribeDataset. */
export async function describeDataset(
  services: SyncServices,
  ref: IdentityRef,
  datasetName: string,
): Promise<DatasetView> {
  const loaded = await requireDataset(services, ref, datasetName)
  return datasetView(ref.identityId, loaded.record)
}
