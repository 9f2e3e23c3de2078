import { storeKey, storeKeyPrefix } from '../../storage/keys'

/**
 * The key schema of an identity's sync store (`stores.syncData(identityId)`). The store is the
 * identity's alone, so keys name no identity: a dataset record, and its records under it.
 */
export const syncKeys = {
  /** A dataset's record (`DatasetRecord`). */
  dataset: (datasetName: string) => storeKey('dataset', datasetName),
  /** Every dataset record of the identity. */
  datasets: () => storeKeyPrefix('dataset'),
  /** One record of a dataset (`SyncRecord`). */
  record: (datasetName: string, key: string) => storeKey('record', datasetName, key),
  /** Every record of a dataset, tombstones included. */
  records: (datasetName: string) => storeKeyPrefix('record', datasetName),
}
