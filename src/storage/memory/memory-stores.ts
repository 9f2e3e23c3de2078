import type { Stores } from '../record-store'
import { MemoryRecordStore } from './memory-record-store'

/** In-process stores for unit tests. */
export function memoryStores(now: () => number = Date.now): Stores {
  const stores = new Map<string, MemoryRecordStore>()
  const named = (name: string): MemoryRecordStore => {
    let store = stores.get(name)
    if (!store) {
      store = new MemoryRecordStore(now)
      stores.set(name, store)
    }
    return store
  }
  return {
    registry: () => named('registry'),
    pool: (poolId) => named(`pool:${poolId}`),
    directory: (poolId, partition) => named(`directory:${poolId}/${partition}`),
    outbox: (poolId) => named(`outbox:${poolId}`),
    identityPool: (identityPoolId) => named(`identity-pool:${identityPoolId}`),
    identities: (identityPoolId, partition) => named(`identities:${identityPoolId}/${partition}`),
    iam: () => named('iam'),
    uploads: (bucketBinding) => named(`uploads:${bucketBinding}`),
    syncData: (identityId) => named(`sync:${identityId}`),
    userImports: (poolId) => named(`imports:${poolId}`),
  }
}
