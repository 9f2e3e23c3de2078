import { importJWK, type JWK } from 'jose'
import { BoundedCache } from '../storage/bounded-cache'
import { keyFits } from './algorithms'
import type { Fetcher } from './discovery'
import { ProviderUnreachable } from './errors'

interface KeySet {
  keys: Map<string, JWK>
  fetchedAt: number
  /** The last fetch attempt, and whether it failed: what limits the next one. */
  attemptedAt: number
  failed: boolean
  inflight?: Promise<void>
}

/** How long a key set is trusted. */
const TTL_MS = 10 * 60_000
/** The least time between fetches caused by an unknown `kid`: junk tokens cannot hammer the provider. */
const REFETCH_MIN_MS = 30_000
/** The least time between fetches after a failed one. */
const FAILURE_RETRY_MS = 5_000
/** Keys taken from one document at most (real sets have a handful). */
const MAX_KEYS = 100

/**
 * JWKS per URI, kept per isolate: one fetch serves every concurrent miss, an unknown `kid`
 * refetches at most every 30 seconds, a set that could not be had is retried at most every 5, and
 * imported keys are cached. Keys without a `kid` are never used. Both caches are bounded.
 */
export class JwksCache {
  private readonly sets = new BoundedCache<string, KeySet>(64)
  private readonly imported = new BoundedCache<
    string,
    { jwk: JWK; key: Promise<CryptoKey | null> }
  >(512)

  /**
   * The key `kid` of the set at `uri` that may verify `alg` (see `keyFits`), or null when the set
   * has no such key. Rejects with ProviderUnreachable when the set could not be fetched and no
   * fresh copy is at hand.
   */
  async key(
    uri: string,
    kid: string,
    alg: string,
    fetcher: Fetcher,
    now: number,
  ): Promise<CryptoKey | null> {
    if (!kid) return null
    let set = this.sets.get(uri)
    if (!set) {
      set = { keys: new Map(), fetchedAt: -Infinity, attemptedAt: -Infinity, failed: false }
      this.sets.set(uri, set)
    }
    // A fetch under way (another request's) is waited for: its answer is what this one needs too.
    if (set.inflight) await set.inflight
    const stale = now - set.fetchedAt >= TTL_MS
    const wait = stale && set.failed ? FAILURE_RETRY_MS : REFETCH_MIN_MS
    if ((stale || !set.keys.has(kid)) && now - set.attemptedAt >= wait)
      await this.refresh(uri, fetcher, set, now)
    if (now - set.fetchedAt >= TTL_MS)
      throw new ProviderUnreachable(`the JWKS at ${uri} could not be fetched`)
    const jwk = set.keys.get(kid)
    if (!jwk || !keyFits(jwk, alg)) return null
    const cacheKey = `${uri}\n${kid}\n${alg}`
    const cached = this.imported.get(cacheKey)
    // Only for the very object fetched: a key rotated under an old kid is imported anew.
    if (cached?.jwk === jwk) return cached.key
    const key = (importJWK(jwk, alg) as Promise<CryptoKey>).catch(() => {
      this.imported.delete(cacheKey)
      return null
    })
    this.imported.set(cacheKey, { jwk, key })
    return key
  }

  private refresh(uri: string, fetcher: Fetcher, set: KeySet, now: number): Promise<void> {
    set.inflight ??= (async () => {
      set.attemptedAt = now
      try {
        set.keys = await fetchKeys(uri, fetcher)
        set.fetchedAt = now
        set.failed = false
      } catch {
        set.failed = true
      } finally {
        set.inflight = undefined
      }
    })()
    return set.inflight
  }
}

async function fetchKeys(uri: string, fetcher: Fetcher): Promise<Map<string, JWK>> {
  const response = await fetcher(uri, {
    headers: { accept: 'application/json' },
    redirect: 'manual',
  })
  if (!response.ok) throw new Error(`JWKS fetch answered ${response.status}`)
  const body = (await response.json()) as { keys?: unknown }
  const keys = Array.isArray(body?.keys) ? (body.keys as JWK[]) : []
  return new Map(
    keys
      .filter((k) => typeof k === 'object' && k !== null && typeof k.kid === 'string' && k.kid)
      .slice(0, MAX_KEYS)
      .map((k) => [k.kid as string, k]),
  )
}
