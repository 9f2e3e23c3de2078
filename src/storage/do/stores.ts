import type { RecordStore, Stores } from '../record-store'
import type { IamAccountObject } from './iam-account-object'
import type { PoolRegistryObject } from './pool-registry-object'
import type { UserDirectoryObject } from './user-directory-object'
import type { UserPoolObject } from './user-pool-object'

export interface DurableObjectBindings {
  POOL_REGISTRY: DurableObjectNamespace<PoolRegistryObject>
  USER_POOL: DurableObjectNamespace<UserPoolObject>
  USER_DIRECTORY: DurableObjectNamespace<UserDirectoryObject>
  IAM_ACCOUNT: DurableObjectNamespace<IamAccountObject>
}

/** Stores backed by Durable Objects, addressed by name so that ids are stable. */
export function durableObjectStores(bindings: DurableObjectBindings): Stores {
  return {
    registry: () => bindings.POOL_REGISTRY.getByName('registry') as unknown as RecordStore,
    pool: (poolId) => bindings.USER_POOL.getByName(poolId) as unknown as RecordStore,
    directory: (poolId, partition) =>
      bindings.USER_DIRECTORY.getByName(`${poolId}/${partition}`) as unknown as RecordStore,
    iam: () => bindings.IAM_ACCOUNT.getByName('account') as unknown as RecordStore,
  }
}
