import type { LocalDataset, LocalStore } from '../local-store'

/** The part of the Web Storage interface (`localStorage`, `sessionStorage`) the store uses. */
export interface WebStorage {
  readonly length: number
  key(index: number): string | null
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

const DEFAULT_PREFIX = 'portcullis-sync/'

/**
 * A store in Web Storage: one JSON item per dataset, keyed `{prefix}{identityId}/{datasetName}`
 * (identity ids and dataset names never contain `/`). Synchronous and small, so best for small
 * datasets; browsers cap Web Storage at a few MB per origin.
 */
export function localStorageStore(
  options: { storage?: WebStorage; prefix?: string } = {},
): LocalStore {
  const storage = options.storage ?? defaultStorage()
  const prefix = options.prefix ?? DEFAULT_PREFIX
  const itemKey = (identityId: string, datasetName: string) =>
    `${prefix}${identityId}/${datasetName}`
  return {
    async read(identityId, datasetName) {
      const item = storage.getItem(itemKey(identityId, datasetName))
      return item === null ? undefined : (JSON.parse(item) as LocalDataset)
    },
    async write(identityId, datasetName, dataset) {
      storage.setItem(itemKey(identityId, datasetName), JSON.stringify(dataset))
    },
    async delete(identityId, datasetName) {
      storage.removeItem(itemKey(identityId, datasetName))
    },
    async list(identityId) {
      const identityPrefix = `${prefix}${identityId}/`
      const names: string[] = []
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index)
        if (key?.startsWith(identityPrefix)) names.push(key.slice(identityPrefix.length))
      }
      return names
    },
  }
}

function defaultStorage(): WebStorage {
  const storage = (globalThis as { localStorage?: WebStorage }).localStorage
  if (!storage) throw new TypeError('localStorageStore: no localStorage here; pass `storage`')
  return storage
}
