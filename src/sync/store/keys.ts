import { storeKey, storeKeyPrefix } from '../../storage/keys'

/**
 * The key schema of an identity's sync store (`stores.syncData(identityId)`). The store is the
 * identity's alone, so keys name no identity: a dataset record, and its records under it.
 */
export const syncKeys = {
  /**
   * Rewritten whenever a dataset is created: a creation expects its version, so two concurrent
   * creations cannot both pass the datasets-per-identity limit.
   */
  catalogue: () => storeKey('dataset-catalogue'),
  /** A dataset's record (`DatasetRecord`). */
  dataset: (datasetName: string) => storeKey('dataset', datasetName),
  /**
   * Every dataset whose name starts with `start`: where the datasets merged in from other
   * identities (`{datasetName}.{identityId}`, or its shortened form) are looked for.
   */
  datasetsStartingWith: (start: string) => storeKey('dataset', start),
  /** Every dataset record of the identity. */
  datasets: () => storeKeyPrefix('dataset'),
  /** One record of a dataset (`SyncRecord`). */
  record: (datasetName: string, key: string) => storeKey('record', datasetName, key),
  /** Every record of a dataset, tombstones included. */
  records: (datasetName: string) => storeKeyPrefix('record', datasetName),
}
