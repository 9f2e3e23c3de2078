import { BoundedCache } from '../../storage/bounded-cache'
import type { Stores } from '../../storage/record-store'
import type { IamServices } from '../services'

/**
 * IAM is read on every credential check and written by an operator now and then, so reads are
 * cached per isolate. A write through this isolate drops the whole account's entries at once (the
 * account is one object, and writes are rare); other isolates see it within CACHE_TTL_MS, which is
 * how long a policy edit may take to reach live sessions. Misses are cached too, and the cache is
 * bounded: callers choose the names looked up.
 */
const CACHE_TTL_MS = 1_000
const MAX_ENTRIES = 5_000

type Cache = BoundedCache<string, { value: unknown; loadedAt: number }>

/** One cache per set of stores: the Worker builds its stores once per isolate, each test its own. */
const caches = new WeakMap<Stores, Cache>()

function cacheOf(services: IamServices): Cache {
  let cache = caches.get(services.stores)
  if (!cache) {
    cache = new BoundedCache(MAX_ENTRIES)
    caches.set(services.stores, cache)
  }
  return cache
}

/** `load()`'s answer for `cacheKey`, from this isolate's cache while it is fresh. */
export async function cachedRead<T>(
  services: IamServices,
  cacheKey: string,
  load: () => Promise<T>,
): Promise<T> {
  const cache = cacheOf(services)
  const hit = cache.get(cacheKey)
  if (hit && services.now() - hit.loadedAt < CACHE_TTL_MS) return hit.value as T
  const value = await load()
  cache.set(cacheKey, { value, loadedAt: services.now() })
  return value
}

/** The value of one record of the account's store, cached. */
export function cachedRecord<T>(services: IamServices, key: string): Promise<T | null> {
  return cachedRead(services, `record|${key}`, async () => {
    const record = await services.stores.iam().get<T>(key)
    return record?.value ?? null
  })
}

/** Forgets everything cached for the account, after a write. */
export function invalidateIamCache(services: IamServices): void {
  cacheOf(services).deleteWhere(() => true)
}
