import type { RecordStore, Stores } from '../record-store'
import type { IdentityDirectoryObject } from './identity-directory-object'
import type { IdentityPoolObject } from './identity-pool-object'
import type { IamAccountObject } from './iam-account-object'
import type { PoolRegistryObject } from './pool-registry-object'
import type { SqliteRecordStore } from './sqlite-record-store'
import type { SyncIdentityObject } from './sync-identity-object'
import type { UserDirectoryObject } from './user-directory-object'
import type { UserPoolObject } from './user-pool-object'

export interface DurableObjectBindings {
  POOL_REGISTRY: DurableObjectNamespace<PoolRegistryObject>
  USER_POOL: DurableObjectNamespace<UserPoolObject>
  USER_DIRECTORY: DurableObjectNamespace<UserDirectoryObject>
  IDENTITY_POOL: DurableObjectNamespace<IdentityPoolObject>
  IDENTITY_DIRECTORY: DurableObjectNamespace<IdentityDirectoryObject>
  IAM_ACCOUNT: DurableObjectNamespace<IamAccountObject>
  SYNC_IDENTITY: DurableObjectNamespace<SyncIdentityObject>
}

/**
 * A record-store object's stub is a RecordStore: the class implements the contract, and its RPC
 * stub carries every method over, so the compiler checks the relation here (no cast).
 */
const asRecordStore = (stub: DurableObjectStub<SqliteRecordStore>): RecordStore => stub

/** Stores backed by Durable Objects, addressed by name so that ids are stable. */
export function durableObjectStores(bindings: DurableObjectBindings): Stores {
  return {
    registry: () => asRecordStore(bindings.POOL_REGISTRY.getByName('registry')),
    pool: (poolId) => asRecordStore(bindings.USER_POOL.getByName(poolId)),
    directory: (poolId, partition) =>
      asRecordStore(bindings.USER_DIRECTORY.getByName(`${poolId}/${partition}`)),
    // A record store like any other: a user-directory object under a name no partition has.
    outbox: (poolId) => asRecordStore(bindings.USER_DIRECTORY.getByName(`${poolId}/outbox`)),
    identityPool: (identityPoolId) =>
      asRecordStore(bindings.IDENTITY_POOL.getByName(identityPoolId)),
    identities: (identityPoolId, partition) =>
      asRecordStore(bindings.IDENTITY_DIRECTORY.getByName(`${identityPoolId}/${partition}`)),
    iam: () => asRecordStore(bindings.IAM_ACCOUNT.getByName('account')),
    syncData: (identityId) => asRecordStore(bindings.SYNC_IDENTITY.getByName(identityId)),
    // Like the outbox: a record store under a name no pool's partition has (no pool id has `/`).
    uploads: (bucketBinding) =>
      asRecordStore(bindings.USER_DIRECTORY.getByName(`s3-uploads/${bucketBinding}`)),
    // Like the outbox: a user-directory object under a name no partition has.
    userImports: (poolId) => asRecordStore(bindings.USER_DIRECTORY.getByName(`${poolId}/imports`)),
  }
}
