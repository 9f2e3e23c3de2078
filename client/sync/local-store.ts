/**
 * The device's cache of one identity's datasets. Every read and write of a dataset goes through
 * here first, so reads and writes work offline; `synchronize` reconciles it with the server.
 *
 * A dataset is stored whole (Cognito caps one at 1 MB), which keeps the interface to four calls
 * and makes every write of a dataset atomic in each store.
 */
export interface LocalStore {
  /** The cached dataset, or undefined if this device has none under that name. */
  read(identityId: string, datasetName: string): Promise<LocalDataset | undefined>
  /** Replaces the cached dataset. */
  write(identityId: string, datasetName: string, dataset: LocalDataset): Promise<void>
  /** Forgets the cached dataset. */
  delete(identityId: string, datasetName: string): Promise<void>
  /** The names of the identity's cached datasets. */
  list(identityId: string): Promise<string[]>
}

/** One dataset as this device knows it. */
export interface LocalDataset {
  /** The dataset's sync count on the server as of the last pull (0 before the first). */
  lastSyncCount: number
  records: Record<string, LocalRecord>
}

/** One record as this device knows it. */
export interface LocalRecord {
  /** The value; null once removed (kept so the removal can be pushed, or as the server's tombstone). */
  value: string | null
  /** The record's sync count on the server when this device last saw it; 0 if never synced. */
  syncCount: number
  /** When the server last accepted a change to it (epoch ms), once the server has seen it. */
  lastModifiedDate?: number
  /** Who the server says last changed it. */
  lastModifiedBy?: string
  /** When a device last changed it (epoch ms): this device for a local write, else the writer's. */
  deviceLastModifiedDate: number
  /** Changed on this device since a synchronize last pushed it. */
  dirty: boolean
}

/** An empty dataset, as one is before its first write or pull. */
export function emptyDataset(): LocalDataset {
  return { lastSyncCount: 0, records: {} }
}
