// The sync client in a page: a guest identity from an identity pool (fromCognitoIdentityPool),
// one dataset cached in IndexedDB (or localStorage), and the calls index.html's buttons make. Bundle it for the
// browser with esbuild (README, "The sync client").
import { fromCognitoIdentity, fromCognitoIdentityPool } from '@aws-sdk/credential-providers'
import {
  CognitoSyncManager,
  type Dataset,
  type SyncResult,
  indexedDbStore,
  localStorageStore,
} from '../../client/sync'

/** Where the page's Portcullis is and which identity pool to use. */
export interface DemoConfig {
  /** The Worker's origin, e.g. http://127.0.0.1:8787. */
  endpoint: string
  region: string
  identityPoolId: string
  datasetName: string
  /** The IndexedDB database (or localStorage prefix); a second name on one page is a second device. */
  databaseName?: string
  /** Where the dataset is cached: IndexedDB (the default) or localStorage. */
  store?: 'indexedDb' | 'localStorage'
  /** An identity this device already has (offline start); a new guest identity otherwise. */
  identityId?: string
  /** How far this device's clock is ahead, in ms: a second device's clock differs. */
  clockOffsetMs?: number
}

/** One device: a manager and its open dataset. */
export interface DemoDevice {
  identityId: string
  put(key: string, value: string): Promise<void>
  remove(key: string): Promise<void>
  getAll(): Promise<Record<string, string>>
  synchronize(): Promise<Pick<SyncResult, 'status' | 'conflicts' | 'lastSyncCount'>>
  /** Listens on the push socket; answers once it is open. Each pull it makes is counted. */
  listen(): Promise<void>
  /** The keys each push-triggered pull brought, one list per pull. */
  remoteChanges: string[][]
  /** Synchronizes each time the browser comes back online; each result's status is counted. */
  synchronizeOnConnectivity(): void
  /** The statuses of the synchronizations coming back online made. */
  connectivitySyncs: string[]
  /** Keys of records changed here and not yet pushed. */
  dirtyKeys(): Promise<string[]>
}

async function openDevice(config: DemoConfig): Promise<DemoDevice> {
  const clientConfig = { region: config.region, endpoint: config.endpoint }
  // A known identity's credentials come straight from GetCredentialsForIdentity; a new guest's
  // from fromCognitoIdentityPool, which asks GetId first.
  const credentials = config.identityId
    ? fromCognitoIdentity({ identityId: config.identityId, clientConfig })
    : fromCognitoIdentityPool({ identityPoolId: config.identityPoolId, clientConfig })
  const manager = new CognitoSyncManager({
    identityPoolId: config.identityPoolId,
    region: config.region,
    endpoint: `${config.endpoint}/sync`,
    credentials,
    ...(config.identityId ? { identityId: config.identityId } : {}),
    store:
      config.store === 'localStorage'
        ? localStorageStore({ prefix: `${config.databaseName ?? 'portcullis-sync-demo'}/` })
        : indexedDbStore({ databaseName: config.databaseName ?? 'portcullis-sync-demo' }),
    now: () => Date.now() + (config.clockOffsetMs ?? 0),
  })
  const dataset: Dataset = await manager.openOrCreateDataset(config.datasetName)
  const remoteChanges: string[][] = []
  const connectivitySyncs: string[] = []
  dataset.onRemoteChange((result) => remoteChanges.push(result.pulled.map((record) => record.key)))
  return {
    identityId: await manager.identityId(),
    put: (key, value) => dataset.put(key, value),
    remove: (key) => dataset.remove(key),
    getAll: () => dataset.getAll(),
    async synchronize() {
      const { status, conflicts, lastSyncCount } = await dataset.synchronize()
      return { status, conflicts, lastSyncCount }
    },
    async listen() {
      await manager.listen(manager.pushSource({ datasets: [config.datasetName] }))
    },
    remoteChanges,
    synchronizeOnConnectivity() {
      manager.synchronizeOnConnectivity({
        onResult: (result) => connectivitySyncs.push(result.status),
        onError: (error) => connectivitySyncs.push(`failed: ${String(error)}`),
      })
    },
    connectivitySyncs,
    async dirtyKeys() {
      return (await dataset.getAllRecords()).filter((r) => r.dirty).map((r) => r.key)
    },
  }
}

;(globalThis as unknown as { syncDemo: { openDevice: typeof openDevice } }).syncDemo = {
  openDevice,
}
