import { CognitoSyncClient, type CognitoSyncClientConfig } from '@aws-sdk/client-cognito-sync'
import { Dataset, type SyncOptions } from './dataset'
import type { SyncResult } from './synchronize'
import { presignPushUrl } from './push-url'
import {
  type PushNotice,
  type PushSource,
  type WebSocketPushOptions,
  webSocketPushSource,
} from './push'
import type { LocalStore } from './local-store'
import { type Exclusive, exclusiveSections, type LockManagerLike, platformLocks } from './locks'
import { memoryStore } from './stores/memory-store'

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
  /**
   * This device's id, sent with every push (UpdateRecords' DeviceId) and named by its push socket,
   * so the server does not notify a device of its own writes; RegisterDevice's answer if the app
   * registered one, else a random id made per manager.
   */
  deviceId?: string
  /** Pulls one synchronize may make when its pushes meet newer writes (default 3). */
  maxSyncAttempts?: number
  /** An SDK client of your own (retries, a request handler); replaces region, endpoint, credentials. */
  client?: CognitoSyncClient
  /** The clock for device modification dates, epoch ms; `Date.now` by default. */
  now?: () => number
  /**
   * Locks shared by every tab (and worker) of the origin on the same cache: the Web Locks API
   * (`navigator.locks`) by default where the platform has it; `false` for none (a cache no other
   * context opens).
   */
  locks?: LockManagerLike | false
}

/** Where `synchronizeOnConnectivity` hears the browser come back online (`window` by default). */
export interface ConnectivityTarget {
  addEventListener(type: 'online', listener: () => void): void
  removeEventListener(type: 'online', listener: () => void): void
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
  /** This device's id (the option, or a random one). */
  readonly deviceId: string
  private readonly exclusive: Exclusive

  constructor(private readonly options: CognitoSyncManagerOptions) {
    this.client =
      options.client ??
      new CognitoSyncClient({
        region: options.region,
        credentials: options.credentials,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      })
    this.store = options.store ?? memoryStore()
    this.deviceId = options.deviceId ?? randomDeviceId()
    this.exclusive = exclusiveSections(
      options.locks === false ? undefined : (options.locks ?? platformLocks()),
    )
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
        deviceId: this.deviceId,
        maxSyncAttempts: this.options.maxSyncAttempts ?? 3,
        exclusive: this.exclusive,
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

  /**
   * Synchronizes every dataset cached here each time the browser comes back online (the `online`
   * event), so writes made offline reach the server without the app asking; with `syncOptions`,
   * each result to `onResult`, each failure to `onError` (the next `online` tries again). Answers
   * a function that stops it.
   */
  synchronizeOnConnectivity(
    options: {
      syncOptions?: SyncOptions
      onResult?: (result: SyncResult, dataset: Dataset) => void
      onError?: (error: unknown, datasetName?: string) => void
      target?: ConnectivityTarget
    } = {},
  ): () => void {
    const target = options.target ?? (globalThis as { window?: ConnectivityTarget }).window
    if (!target) throw new TypeError('synchronizeOnConnectivity: no window here; pass `target`')
    const onOnline = () => {
      void this.listDatasets().then(
        (names) =>
          Promise.all(
            names.map(async (name) => {
              try {
                const dataset = await this.openOrCreateDataset(name)
                options.onResult?.(await dataset.synchronize(options.syncOptions), dataset)
              } catch (error) {
                options.onError?.(error, name)
              }
            }),
          ),
        (error: unknown) => options.onError?.(error),
      )
    }
    target.addEventListener('online', onOnline)
    return () => target.removeEventListener('online', onOnline)
  }

  /**
   * The identity's push socket on Portcullis's sync API (`endpoint` must be set): a WebSocket to
   * `…/push`, presigned with this manager's credentials for this device and `datasets` (every
   * dataset by default), and signed again each time it reopens (a URL opens one socket). Hand it to
   * `listen`.
   */
  pushSource(
    options: { datasets?: string[]; expiresIn?: number } & Omit<WebSocketPushOptions, 'url'> = {},
  ): PushSource {
    const { datasets, expiresIn, ...socket } = options
    const endpoint = this.options.endpoint
    if (!endpoint) throw new TypeError('pushSource: the manager needs the sync API’s `endpoint`')
    return webSocketPushSource({
      ...socket,
      url: (identityId) =>
        presignPushUrl(this.client, endpoint, {
          identityPoolId: this.options.identityPoolId,
          identityId,
          deviceId: this.deviceId,
          ...(datasets ? { datasets } : {}),
          ...(expiresIn ? { expiresIn } : {}),
        }),
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

/** A random device id, from the platform's cryptographic random numbers. */
function randomDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
