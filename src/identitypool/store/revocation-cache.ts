import { BoundedCache } from '../../storage/bounded-cache'
import type { Stores } from '../../storage/record-store'

/**
 * Each request signed with session credentials asks whether its identity revoked the session,
 * so the answer (the identity's revoked-before time) is cached per isolate. A write to an identity
 * through this isolate forgets its entry at once; other isolates see it within CACHE_TTL_MS, which
 * bounds how long a revoked session may still be used after the revocation. Keys are identity ids
 * from session tokens this Worker sealed, and the cache is bounded all the same.
 */
const CACHE_TTL_MS = 1_000
const MAX_ENTRIES = 10_000

interface Entry {
  identityPoolId: string
  /** Epoch seconds; +Infinity when the identity (or its pool) is gone, -Infinity when never revoked. */
  revokedBefore: number
  loadedAt: number
}

/** One cache per set of stores: the Worker builds its stores once per isolate, each test its own. */
const caches = new WeakMap<Stores, BoundedCache<string, Entry>>()

function cacheOf(stores: Stores): BoundedCache<string, Entry> {
  let cache = caches.get(stores)
  if (!cache) {
    cache = new BoundedCache(MAX_ENTRIES)
    caches.set(stores, cache)
  }
  return cache
}

/** `load()`'s revoked-before time for an identity, from this isolate's cache while it is fresh. */
export async function cachedRevocation(
  services: { stores: Stores; now(): number },
  identityPoolId: string,
  identityId: string,
  load: () => Promise<number>,
): Promise<number> {
  const cache = cacheOf(services.stores)
  const hit = cache.get(identityId)
  if (hit && hit.identityPoolId === identityPoolId && services.now() - hit.loadedAt < CACHE_TTL_MS)
    return hit.revokedBefore
  const revokedBefore = await load()
  cache.set(identityId, { identityPoolId, revokedBefore, loadedAt: services.now() })
  return revokedBefore
}

/** Forgets an identity's entry, after a write to it. */
export function forgetRevocation(stores: Stores, identityId: string): void {
  cacheOf(stores).delete(identityId)
}

/** Forgets every entry, after a whole identity pool's identities are removed (rare enough). */
export function forgetAllRevocations(stores: Stores): void {
  cacheOf(stores).deleteWhere(() => true)
}
