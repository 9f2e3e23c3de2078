/**
 * What Cognito Sync keeps per identity, in that identity's own store (`stores.syncData(identityId)`).
 * Dates are epoch milliseconds here; the protocol layer writes them as the wire wants.
 */

/** A dataset's own record: its counters and who changed it last. */
export interface DatasetRecord {
  DatasetName: string
  /** Epoch ms. */
  creationDate: number
  lastModifiedDate: number
  /** The identity id, or the admin access key id, that made the last accepted change. */
  lastModifiedBy: string
  /**
   * The dataset's sync count: rises by one with every accepted UpdateRecords (and with a deletion),
   * and never goes back, even across a deletion and re-creation, so a client's last sync count
   * always says whether it has seen a change.
   */
  syncCount: number
  /** Live records (tombstones are not counted). */
  numRecords: number
  /** Bytes of the live records' keys and values, UTF-8. */
  dataStorage: number
  /**
   * Set while the dataset is deleted: it is then a tombstone that no listing shows, kept so that
   * ListRecords can tell a client that last synced before the deletion to delete its copy.
   */
  deleted?: boolean
  /** The sync count the dataset's last deletion took, if it was ever deleted. */
  deletedAtSyncCount?: number
  /**
   * Set on a dataset merged in from another identity (named `{datasetName}.{mergedFrom}`): the
   * identity it came from. ListRecords of `{datasetName}` names it in MergedDatasetNames.
   */
  mergedFrom?: string
}

/** One record of a dataset; a removed record stays as a tombstone (`value` null) for ListRecords. */
export interface SyncRecord {
  Key: string
  value: string | null
  /** The dataset's sync count of the request that wrote it. */
  syncCount: number
  /** Epoch ms. */
  lastModifiedDate: number
  lastModifiedBy: string
  /** Epoch ms, as the writing device gave it (its own clock). */
  deviceLastModifiedDate?: number
}

/** Who calls the sync API, as the domain sees it. */
export type SyncCaller =
  /** The identity's own session credentials. */
  | { kind: 'identity'; identityId: string }
  /** An admin key pair (developer credentials). */
  | { kind: 'admin'; accessKeyId: string }

/** The identity a dataset operation is about. */
export interface IdentityRef {
  identityPoolId: string
  identityId: string
}

/** Cognito Sync's quotas (the developer guide's Cognito Sync resource quotas, and the model's lengths). */
export const SYNC_LIMITS = {
  datasetsPerIdentity: 20,
  recordsPerDataset: 1024,
  bytesPerDataset: 1024 * 1024,
  recordKeyLength: 1024,
  recordValueLength: 1_048_575,
} as const
