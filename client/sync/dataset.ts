import type { CognitoSyncClient } from '@aws-sdk/client-cognito-sync'
import { type LocalDataset, type LocalStore, emptyDataset } from './local-store'
import type { Exclusive } from './locks'
import { type SyncRecord, toSyncRecord } from './records'
import { deleteRemoteDataset } from './remote'
import { SerialQueue } from './serial-queue'
import { type DatasetSyncOptions, type SyncResult, synchronizeDataset } from './synchronize'

/** What a dataset needs from its manager. */
export interface DatasetContext {
  store: LocalStore
  client: CognitoSyncClient
  identityPoolId: string
  /** The identity whose data this is (resolved once, from the options or the credentials). */
  identityId(): Promise<string>
  /** Epoch ms, for device modification dates. */
  now(): number
  deviceId?: string
  /** How many pulls a synchronize may make when pushes keep meeting newer writes. */
  maxSyncAttempts: number
  /** Holds a lock shared with the other tabs on this cache (see `exclusiveSections`). */
  exclusive: Exclusive
}

/** What `synchronize` asks the app: `onConflict`, `onDatasetDeleted`, `onDatasetsMerged`. */
export type SyncOptions = DatasetSyncOptions<Dataset>

/** Called after a push notification pulled a change made elsewhere. */
export type RemoteChangeListener = (result: SyncResult, dataset: Dataset) => void

// Cognito's limits on a record (RecordKey, RecordValue in the model); checked here so an offline
// write cannot be refused only later, at the push.
const MAX_KEY_LENGTH = 1024
const MAX_VALUE_LENGTH = 1_048_575

/**
 * One dataset: a key-value map cached on the device. `get`, `put` and `remove` touch only the
 * cache, online or not; `synchronize` pulls the server's changes, settles conflicts and pushes
 * this device's.
 */
export class Dataset {
  /** Serialises changes to the cache, so concurrent writes are never lost. */
  private readonly writes = new SerialQueue()
  /** Serialises synchronizations: a second call runs after the first. */
  private readonly syncs = new SerialQueue()
  private readonly remoteChangeListeners = new Set<RemoteChangeListener>()

  constructor(
    readonly name: string,
    private readonly context: DatasetContext,
  ) {}

  /** The value under `key`, or undefined if there is none (or it was removed). */
  async get(key: string): Promise<string | undefined> {
    return (await this.read()).records[key]?.value ?? undefined
  }

  /** The record under `key` with its sync metadata, removed records included. */
  async getRecord(key: string): Promise<SyncRecord | undefined> {
    const record = (await this.read()).records[key]
    return record ? toSyncRecord(key, record) : undefined
  }

  /** Every key with a value. */
  async getAll(): Promise<Record<string, string>> {
    const values: Record<string, string> = {}
    for (const [key, record] of Object.entries((await this.read()).records))
      if (record.value !== null) values[key] = record.value
    return values
  }

  /** Every record with its sync metadata, removed records included. */
  async getAllRecords(): Promise<SyncRecord[]> {
    return Object.entries((await this.read()).records).map(([key, record]) =>
      toSyncRecord(key, record),
    )
  }

  /** Sets `key` to `value` in the cache, to be pushed by the next synchronize. */
  async put(key: string, value: string): Promise<void> {
    checkKey(key)
    if (typeof value !== 'string') throw new TypeError('put: the value must be a string')
    if (value.length > MAX_VALUE_LENGTH)
      throw new RangeError(`put: a value has at most ${MAX_VALUE_LENGTH} characters`)
    await this.write(key, value)
  }

  /** Removes `key` from the cache; the next synchronize removes it on the server. */
  async remove(key: string): Promise<void> {
    checkKey(key)
    await this.write(key, null)
  }

  /** The dataset's sync count on the server as of the last pull (0 before the first). */
  async getLastSyncCount(): Promise<number> {
    return (await this.read()).lastSyncCount
  }

  /**
   * Pulls the server's changes since the last pull, settles conflicts (`onConflict`, else the
   * more recent change wins), and pushes this device's changes; a push that meets a newer write
   * pulls again and retries, a bounded number of times.
   */
  synchronize(options: SyncOptions = {}): Promise<SyncResult> {
    return this.syncs.run(async () => {
      const identityId = await this.context.identityId()
      // One synchronize of a dataset at a time across tabs too: each would push the same writes.
      return this.context.exclusive(`${identityId}/${this.name}/sync`, () =>
        synchronizeDataset(
          {
            dataset: this,
            client: this.context.client,
            address: {
              identityPoolId: this.context.identityPoolId,
              identityId,
              datasetName: this.name,
            },
            read: () => this.read(),
            update: (change) => this.update(change),
            ...(this.context.deviceId ? { deviceId: this.context.deviceId } : {}),
            maxAttempts: this.context.maxSyncAttempts,
            now: this.context.now,
          },
          options,
        ),
      )
    })
  }

  /**
   * Deletes the dataset on the server and from this device's cache. Unlike writes, this needs the
   * network: it is how an app discards a dataset it has read, such as a merged one.
   */
  async delete(): Promise<void> {
    const identityId = await this.context.identityId()
    await this.syncs.run(() =>
      deleteRemoteDataset(this.context.client, {
        identityPoolId: this.context.identityPoolId,
        identityId,
        datasetName: this.name,
      }),
    )
    await this.writes.run(() =>
      this.context.exclusive(`${identityId}/${this.name}`, () =>
        this.context.store.delete(identityId, this.name),
      ),
    )
  }

  /**
   * Calls `listener` each time a push notification made this dataset pull a change from elsewhere
   * (see `CognitoSyncManager.listen`). Answers a function that stops it.
   */
  onRemoteChange(listener: RemoteChangeListener): () => void {
    this.remoteChangeListeners.add(listener)
    return () => this.remoteChangeListeners.delete(listener)
  }

  /** Hands a push-triggered synchronize's result to the listeners. */
  notifyRemoteChange(result: SyncResult): void {
    for (const listener of this.remoteChangeListeners) listener(result, this)
  }

  private async read(): Promise<LocalDataset> {
    const identityId = await this.context.identityId()
    return (await this.context.store.read(identityId, this.name)) ?? emptyDataset()
  }

  /**
   * Reads, changes and writes the cached dataset, one change at a time: in this manager, and
   * under the dataset's lock across the tabs sharing the cache.
   */
  private async update(change: (dataset: LocalDataset) => void): Promise<LocalDataset> {
    const identityId = await this.context.identityId()
    return this.writes.run(() =>
      this.context.exclusive(`${identityId}/${this.name}`, async () => {
        const dataset = (await this.context.store.read(identityId, this.name)) ?? emptyDataset()
        change(dataset)
        await this.context.store.write(identityId, this.name, dataset)
        return dataset
      }),
    )
  }

  private async write(key: string, value: string | null): Promise<void> {
    const now = this.context.now()
    await this.update((dataset) => {
      const existing = dataset.records[key]
      // A record the server has never seen needs no removal pushed: forget it.
      if (value === null && (!existing || existing.syncCount === 0)) {
        delete dataset.records[key]
        return
      }
      dataset.records[key] = {
        ...existing,
        value,
        syncCount: existing?.syncCount ?? 0,
        deviceLastModifiedDate: now,
        dirty: true,
      }
    })
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length < 1 || key.length > MAX_KEY_LENGTH)
    throw new RangeError(`a key is a string of 1 to ${MAX_KEY_LENGTH} characters`)
}
