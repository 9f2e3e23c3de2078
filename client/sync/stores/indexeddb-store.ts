import type { LocalDataset, LocalStore } from '../local-store'

// The few IndexedDB shapes the store uses, declared here so the client type-checks without the DOM
// library (the Worker's tsconfig has none); the browser's `indexedDB` satisfies them.
interface IdbRequest<T> {
  result: T
  error: unknown
  onsuccess: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: ((event: unknown) => void) | null
}
interface IdbObjectStore {
  get(key: string): IdbRequest<unknown>
  put(value: unknown, key: string): IdbRequest<unknown>
  delete(key: string): IdbRequest<unknown>
  getAllKeys(): IdbRequest<unknown[]>
}
interface IdbTransaction {
  objectStore(name: string): IdbObjectStore
  error: unknown
  oncomplete: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  onabort: ((event: unknown) => void) | null
}
interface IdbDatabase {
  readonly objectStoreNames: { contains(name: string): boolean }
  createObjectStore(name: string): unknown
  transaction(storeNames: string, mode: 'readonly' | 'readwrite'): IdbTransaction
}
/** The part of `IDBFactory` (the browser's `indexedDB`) the store uses. */
export interface IndexedDbFactory {
  open(name: string, version?: number): IdbOpenRequest
}

const DATASETS = 'datasets'

/**
 * A store in IndexedDB: one entry per dataset in the object store `datasets` of the database
 * `databaseName` (default `portcullis-sync`), keyed `{identityId}/{datasetName}`. Asynchronous and
 * roomy: the store for datasets near Cognito's 1 MB limit.
 */
export function indexedDbStore(
  options: { factory?: IndexedDbFactory; databaseName?: string } = {},
): LocalStore {
  const factory = options.factory ?? defaultFactory()
  const opened = openDatabase(factory, options.databaseName ?? 'portcullis-sync')
  const entryKey = (identityId: string, datasetName: string) => `${identityId}/${datasetName}`

  async function run<T>(
    mode: 'readonly' | 'readwrite',
    use: (store: IdbObjectStore) => IdbRequest<T>,
  ): Promise<T> {
    const database = await opened
    return new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(DATASETS, mode)
      const request = use(transaction.objectStore(DATASETS))
      // Resolve once the transaction commits, so a write is durable when the promise settles.
      transaction.oncomplete = () => resolve(request.result)
      transaction.onerror = () => reject(transaction.error ?? request.error)
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB: aborted'))
    })
  }

  return {
    async read(identityId, datasetName) {
      const found = await run('readonly', (store) => store.get(entryKey(identityId, datasetName)))
      return found === undefined ? undefined : (found as LocalDataset)
    },
    async write(identityId, datasetName, dataset) {
      await run('readwrite', (store) => store.put(dataset, entryKey(identityId, datasetName)))
    },
    async delete(identityId, datasetName) {
      await run('readwrite', (store) => store.delete(entryKey(identityId, datasetName)))
    },
    async list(identityId) {
      const keys = await run('readonly', (store) => store.getAllKeys())
      const prefix = `${identityId}/`
      return keys
        .filter((key): key is string => typeof key === 'string' && key.startsWith(prefix))
        .map((key) => key.slice(prefix.length))
    },
  }
}

function openDatabase(factory: IndexedDbFactory, name: string): Promise<IdbDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 1)
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(DATASETS))
        request.result.createObjectStore(DATASETS)
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function defaultFactory(): IndexedDbFactory {
  const factory = (globalThis as { indexedDB?: IndexedDbFactory }).indexedDB
  if (!factory) throw new TypeError('indexedDbStore: no indexedDB here; pass `factory`')
  return factory
}
