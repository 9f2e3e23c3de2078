import { env } from 'cloudflare:workers'
import type { RecordStore } from '../../src/storage/record-store'
import { recordStoreConformance } from '../storage-conformance'

let counter = 0
const fresh = () => `conformance-${Date.now()}-${counter++}`

// The real SQLite-backed Durable Object classes, through the same RPC stubs the Worker uses; every
// test gets an object of its own by name.
recordStoreConformance(
  'PoolRegistryObject (SQLite Durable Object)',
  (): RecordStore => env.POOL_REGISTRY.getByName(fresh()),
)
recordStoreConformance(
  'UserPoolObject (SQLite Durable Object)',
  (): RecordStore => env.USER_POOL.getByName(fresh()),
)
recordStoreConformance(
  'UserDirectoryObject (SQLite Durable Object)',
  (): RecordStore => env.USER_DIRECTORY.getByName(fresh()),
)
recordStoreConformance(
  'IdentityPoolObject (SQLite Durable Object)',
  () => env.IDENTITY_POOL.getByName(fresh()) as unknown as RecordStore,
)
recordStoreConformance(
  'IdentityDirectoryObject (SQLite Durable Object)',
  () => env.IDENTITY_DIRECTORY.getByName(fresh()) as unknown as RecordStore,
)
recordStoreConformance(
  'IamAccountObject (SQLite Durable Object)',
  () => env.IAM_ACCOUNT.getByName(fresh()) as unknown as RecordStore,
)
recordStoreConformance(
  'SyncIdentityObject (SQLite Durable Object)',
  () => env.SYNC_IDENTITY.getByName(fresh()) as unknown as RecordStore,
)
