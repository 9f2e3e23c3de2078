import type { RecordStore, Stores } from '../record-store'
import type { PoolRegistryObject } from './pool-registry-object'
import type { UserDirectoryObject } from './user-directory-object'
import type { UserPoolObject } from './user-pool-object'

export interface DurableObjectBindings {
  POOL_REGISTRY: DurableObjectNamespace<PoolRegistryObject>
  USER_POOL: DurableObjectNamespace<UserPoolObject>
  USER_DIRECTORY: DurableObjectNamespace<UserDirectoryObject>
}

/** Stores backed by Durable Objects, addressed by name so that ids are stable. */
export function durableObjectStores(bindings: DurableObjectBindings): Stores {
  return {
    registry: () => bindings.POOL_REGISTRY.getByName('registry') as unknown as RecordStore,
    pool: (poolId) => bindings.USER_POOL.getByName(poolId) as unknown as RecordStore,
    directory: (poolId, partition) =>
      bindings.USER_DIRECTORY.getByName(`${poolId}/${partition}`) as unknown as RecordStore,
    // A record store like any other: a user-directory object under a name no partition has.
    outbox: (poolId) =>
      bindings.USER_DIRECTORY.getByName(`${poolId}/outbox`) as unknown as RecordStore,
  }
}
