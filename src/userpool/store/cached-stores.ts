import { BoundedCache } from '../../storage/bounded-cache'
import { storeKey } from '../../storage/keys'
import type { CommitResult, Transaction } from '../../storage/record-store'
import type { UserPoolServices } from '../services'

/**
 * The pool stores and the registry as the repositories in this folder reach them: reads through a
 * per-isolate cache, writes that keep it honest. Every write here forgets what it touches, so a
 * read after a write through this isolate sees it at once; other isolates see it within
 * CACHE_TTL_MS. Bounded: misses are cached too (an unknown ClientId asked for again and again
 * costs no read), and callers choose the ids.
 */
const CACHE_TTL_MS = 2_000
const cache = new BoundedCache<string, { value: unknown; loadedAt: number }>(10_000)
/**
 * Counts finished writes: a read that began before a write finished does not cache what it read,
 * which may predate the write.
 */
let writes = 0

/** Which store a cache entry came from; a pool id cannot be spelled into another pool's entries. */
const poolEntry = (poolId: string, key: string) => storeKey('pool', poolId, key)
const registryEntry = (key: string) => storeKey('registry', key)

async function readThrough<T>(
  services: UserPoolServices,
  entry: string,
  load: () => Promise<T | null>,
): Promise<T | null> {
  const hit = cache.get(entry)
  if (hit && services.now() - hit.loadedAt < CACHE_TTL_MS) return hit.value as T | null
  const before = writes
  const value = await load()
  if (writes === before) cache.set(entry, { value, loadedAt: services.now() })
  return value
}

/** A value of a pool's store, read through the cache. */
export function cachedPoolValue<T>(
  services: UserPoolServices,
  poolId: string,
  key: string,
): Promise<T | null> {
  return readThrough(services, poolEntry(poolId, key), async () => {
    return (await services.stores.pool(poolId).get<T>(key))?.value ?? null
  })
}

/** A value of the registry, read through the cache. */
export function cachedRegistryValue<T>(services: UserPoolServices, key: string): Promise<T | null> {
  return readThrough(services, registryEntry(key), async () => {
    return (await services.stores.registry().get<T>(key))?.value ?? null
  })
}

const touched = (transaction: Transaction): string[] => [
  ...(transaction.put ?? []).map((put) => put.key),
  ...(transaction.delete ?? []),
]

/**
 * Commits to a pool's store and forgets every key the transaction names, whether it applied or
 * not (a conflict means someone else wrote: what is cached may be old).
 */
export async function commitToPool(
  services: UserPoolServices,
  poolId: string,
  transaction: Transaction,
): Promise<CommitResult> {
  try {
    return await services.stores.pool(poolId).commit(transaction)
  } finally {
    writes++
    for (const key of touched(transaction)) cache.delete(poolEntry(poolId, key))
  }
}

/** Commits to the registry and forgets every key the transaction names. */
export async function commitToRegistry(
  services: UserPoolServices,
  transaction: Transaction,
): Promise<CommitResult> {
  try {
    return await services.stores.registry().commit(transaction)
  } finally {
    writes++
    for (const key of touched(transaction)) cache.delete(registryEntry(key))
  }
}

/** Forgets everything cached of one pool's store (after the pool is deleted). */
export function forgetPool(poolId: string): void {
  writes++
  const prefix = poolEntry(poolId, '')
  cache.deleteWhere((entry) => entry.startsWith(prefix))
}
