import { CognitoSyncClient, type CognitoSyncClientConfig } from '@aws-sdk/client-cognito-sync'
import { Dataset } from './dataset'
import type { LocalStore } from './local-store'
import { memoryStore } from './stores/memory-store'
import type { SyncOptions } from './synchronize'

/** Credentials or a provider of them, as the SDK takes. */
type Credentials = NonNullable<CognitoSyncClientConfig['credentials']>

export interface CognitoSyncManagerOptions {
  identityPoolId: string
  region: string
  /** The sync API's endpoint, such as `https://auth.example.com/sync`; AWS's by default. */
  endpoint?: string
  /**
   * Credentials for the identity, such as `fromCognitoIdentityPool({ identityPoolId, ... })` from
   * `@aws-sdk/credential-providers`: the identity id is read from them unless `identityId` is given.
   */
  credentials: Credentials
  /** The identity whose data to sync; give it to read and write offline before any credentials. */
  identityId?: string
  /** The device's cache (`memoryStore()`, `localStorageStore()`, `indexedDbStore()`); memory by default. */
  store?: LocalStore
  /** The device id RegisterDevice answered, sent with pushes so push skips this device. */
  deviceId?: string
  /** Pulls one synchronize may make when its pushes meet newer writes (default 3). */
  maxSyncAttempts?: number
  /** An SDK client of your own (retries, a request handler); replaces region, endpoint, credentials. */
  client?: CognitoSyncClient
  /** The clock for device modification dates, epoch ms; `Date.now` by default. */
  now?: () => number
}

/** What a push source delivers: Cognito's push payload. */
export interface PushNotice {
  source?: string
  identityPoolId?: string
  identityId: string
  datasetName: string
  syncCount: number
}

/** A channel of push notices for one identity, such as `webSocketPushSource`. */
export interface PushSource {
  /** Starts delivering the identity's notices to `onNotice`; answers how to stop. */
  subscribe(
    identityId: string,
    onNotice: (notice: PushNotice) => void,
  ): Promise<() => void> | (() => void)
}

const DATASET_NAME = /^[a-zA-Z0-9_.:-]{1,128}$/

/**
 * The entry point: one identity's datasets, cached on the device and synchronized with Cognito
 * Sync's API (Portcullis's or AWS's).
 */
export class CognitoSyncManager {
  private readonly client: CognitoSyncClient
  private readonly store: LocalStore
  private readonly datasets = new Map<string, Dataset>()
  private identity?: Promise<string>

  constructor(private readonly options: CognitoSyncManagerOptions) {
    this.client =
      options.client ??
      new CognitoSyncClient({
        region: options.region,
        credentials: options.credentials,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      })
    this.store = options.store ?? memoryStore()
    if (options.identityId) this.identity = Promise.resolve(options.identityId)
  }

  /** The identity whose datasets these are: given, or read from the credentials once. */
  identityId(): Promise<string> {
    this.identity ??= this.resolveIdentityId().catch((error: unknown) => {
      this.identity = undefined
      throw error
    })
    return this.identity
  }

  /** The dataset `name`, created in the cache on its first write (and on the server at its push). */
  async openOrCreateDataset(name: string): Promise<Dataset> {
    if (!DATASET_NAME.test(name))
      throw new RangeError('a dataset name is 1 to 128 characters of a-z, A-Z, 0-9, _ . : -')
    let dataset = this.datasets.get(name)
    if (!dataset) {
      dataset = new Dataset(name, {
        store: this.store,
        client: this.client,
        identityPoolId: this.options.identityPoolId,
        identityId: () => this.identityId(),
        now: this.options.now ?? Date.now,
        ...(this.options.deviceId ? { deviceId: this.options.deviceId } : {}),
        maxSyncAttempts: this.options.maxSyncAttempts ?? 3,
      })
      this.datasets.set(name, dataset)
    }
    return dataset
  }

  /** The names of the datasets cached on this device. */
  async listDatasets(): Promise<string[]> {
    return this.store.list(await this.identityId())
  }

  /**
   * Pulls on push: each notice for a dataset whose server count is past this device's makes that
   * dataset synchronize (with `syncOptions`) and tell its `onRemoteChange` listeners. Answers a
   * function that stops listening.
   */
  async listen(
    source: PushSource,
    options: { syncOptions?: SyncOptions; onError?: (error: unknown) => void } = {},
  ): Promise<() => void> {
    const identityId = await this.identityId()
    return source.subscribe(identityId, (notice) => {
      if (notice.identityId !== identityId || !DATASET_NAME.test(notice.datasetName)) return
      void this.pullOnNotice(notice, options.syncOptions).catch((error: unknown) =>
        options.onError?.(error),
      )
    })
  }

  private async pullOnNotice(notice: PushNotice, syncOptions: SyncOptions = {}): Promise<void> {
    const dataset = await this.openOrCreateDataset(notice.datasetName)
    if (notice.syncCount <= (await dataset.getLastSyncCount())) return
    dataset.notifyRemoteChange(await dataset.synchronize(syncOptions))
  }

  private async resolveIdentityId(): Promise<string> {
    const credentials =
      typeof this.options.credentials === 'function'
        ? await this.options.credentials()
        : this.options.credentials
    // Identity-pool credentials (`fromCognitoIdentityPool`) carry the identity's id.
    const identityId = (credentials as { identityId?: string }).identityId
    if (!identityId)
      throw new TypeError(
        'CognitoSyncManager: the credentials carry no identityId; pass `identityId`',
      )
    return identityId
  }
}
