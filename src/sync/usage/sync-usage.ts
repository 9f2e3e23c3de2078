import { InternalErrorException } from '../../errors/sync'
import { storeKey } from '../../storage/keys'
import type { Stores } from '../../storage/record-store'
import { poolSyncKeys } from '../store/pool-sync-keys'

/**
 * How pool usage is kept, and why. Every accepted UpdateRecords of every identity of a pool would
 * otherwise write the pool's one store, which would then serialise the whole pool's syncs and cap
 * them at one object's throughput. So the running totals live with the identity instead, in its
 * own store (the object that just served the sync, where no other identity contends), and the pool
 * store gets one entry per identity, written once, the first time the identity's data is accepted:
 * the index BulkPublish walks and usage sums. DescribeIdentityPoolUsage (admin only, and rare)
 * pays the sum: one read per identity with data.
 */

/** One identity's sync usage, in its own store. */
interface IdentitySyncUsage {
  IdentityPoolId: string
  /** Accepted UpdateRecords requests: each is one sync session's write. */
  SyncSessionsCount: number
  /** Epoch milliseconds of the last accepted write. */
  LastModifiedDate: number
  /** The pool's index holds this identity (so the pool store is not asked again). */
  indexed: boolean
}

/** The index entry of an identity with data, in the pool's store. */
interface IndexedIdentity {
  IdentityId: string
  /** Epoch milliseconds of its first accepted write. */
  since: number
}

/** The key of the usage record in an identity's sync store (a family of its own). */
const USAGE_KEY = storeKey('pool-usage')

/** Compare-and-set attempts; the identity's object serialises its syncs, so one nearly always does. */
const WRITE_ATTEMPTS = 5

/** What an accepted UpdateRecords tells usage (a part of what the accepted-sync hook receives). */
export interface AcceptedSyncUsage {
  identityPoolId: string
  identityId: string
}

/**
 * Counts one accepted sync for the identity, and, the first time, enters the identity in its
 * pool's index. Called after each accepted UpdateRecords; the index entry is written before the
 * identity's record says so, so a failure in between only means the entry is written again.
 */
export async function recordSyncUsage(
  services: { stores: Stores; now(): number },
  accepted: AcceptedSyncUsage,
): Promise<void> {
  const store = services.stores.syncData(accepted.identityId)
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await store.get<IdentitySyncUsage>(USAGE_KEY)
    const now = services.now()
    if (!current?.value.indexed) await indexIdentity(services, accepted, now)
    const usage: IdentitySyncUsage = {
      IdentityPoolId: accepted.identityPoolId,
      SyncSessionsCount: (current?.value.SyncSessionsCount ?? 0) + 1,
      LastModifiedDate: now,
      indexed: true,
    }
    const result = await store.commit({
      expect: [{ key: USAGE_KEY, version: current?.version ?? 0 }],
      put: [{ key: USAGE_KEY, value: usage }],
    })
    if (result.ok) return
  }
  throw new InternalErrorException(`usage of ${accepted.identityId}: ${WRITE_ATTEMPTS} conflicts`)
}

async function indexIdentity(
  services: { stores: Stores },
  accepted: AcceptedSyncUsage,
  now: number,
): Promise<void> {
  const key = poolSyncKeys.identity(accepted.identityId)
  const entry: IndexedIdentity = { IdentityId: accepted.identityId, since: now }
  // Only if absent: an entry already there (a retry, a race) keeps its first date.
  await services.stores
    .identityPool(accepted.identityPoolId)
    .commit({ expect: [{ key, version: 0 }], put: [{ key, value: entry }] })
}

/** Identity ids per page of the index. */
const INDEX_PAGE = 200

/**
 * The ids of every identity of the pool whose data was ever accepted, in key order, page by page
 * (an identity that deleted its datasets since is still named; it has nothing to give).
 */
export async function* identitiesWithData(
  services: { stores: Stores },
  identityPoolId: string,
): AsyncGenerator<string> {
  const store = services.stores.identityPool(identityPoolId)
  let after: string | undefined
  do {
    const page = await store.list<IndexedIdentity>(poolSyncKeys.identityPrefix, {
      limit: INDEX_PAGE,
      ...(after !== undefined ? { after } : {}),
    })
    for (const record of page.records) yield record.value.IdentityId
    after = page.next
  } while (after !== undefined)
}

/** An identity pool's usage, as DescribeIdentityPoolUsage answers it. */
export interface PoolUsage {
  IdentityPoolId: string
  SyncSessionsCount: number
  /** Bytes of record keys and values stored by the pool's identities. */
  DataStorage: number
  /** Epoch milliseconds of the last accepted write; absent when nothing was ever written. */
  LastModifiedDate?: number
}

/** Identities read at once while summing (each read is its own object). */
const SUM_CONCURRENCY = 8

/**
 * Sums the pool's usage over its identities with data: their sync sessions and last writes from
 * their usage records, their stored bytes from `dataStorageOf` (the identity's datasets, which
 * DeleteDataset changes too, so they are read as they are now rather than kept as a total).
 */
export async function poolUsage(
  services: { stores: Stores },
  identityPoolId: string,
  dataStorageOf: (identityId: string) => Promise<number>,
): Promise<PoolUsage> {
  const usage: PoolUsage = { IdentityPoolId: identityPoolId, SyncSessionsCount: 0, DataStorage: 0 }
  const add = async (identityId: string) => {
    const [record, bytes] = await Promise.all([
      services.stores.syncData(identityId).get<IdentitySyncUsage>(USAGE_KEY),
      dataStorageOf(identityId),
    ])
    usage.DataStorage += bytes
    if (!record) return
    usage.SyncSessionsCount += record.value.SyncSessionsCount
    usage.LastModifiedDate = Math.max(usage.LastModifiedDate ?? 0, record.value.LastModifiedDate)
  }
  let batch: Array<Promise<void>> = []
  for await (const identityId of identitiesWithData(services, identityPoolId)) {
    batch.push(add(identityId))
    if (batch.length === SUM_CONCURRENCY) {
      await Promise.all(batch)
      batch = []
    }
  }
  await Promise.all(batch)
  return usage
}
