import { importJWK, type JWK } from 'jose'
import { BoundedCache } from '../storage/bounded-cache'

/** Fetches a URL: the network for other providers, an in-process request for pools of this Worker. */
export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>

interface CachedSet {
  keys: Map<string, JWK>
  fetchedAt: number
  inflight?: Promise<void>
}

/** How long a key set is trusted, and the least time between refetches caused by unknown kids. */
const TTL_MS = 10 * 60 * 1000
const REFETCH_MIN_MS = 30 * 1000

/**
 * JWKS kept at module scope (per isolate): one fetch serves all concurrent misses, an unknown `kid`
 * refetches at most every 30 s (so junk tokens cannot make us hammer the provider), and imported
 * CryptoKeys are cached per `kid`.
 */
export class JwksCache {
  private readonly sets = new BoundedCache<string, CachedSet>(64)
  private readonly imported = new BoundedCache<string, Promise<CryptoKey | Uint8Array>>(512)

  constructor(private readonly now: () => number = Date.now) {}

  private async refresh(uri: string, fetcher: Fetcher, set: CachedSet): Promise<void> {
    set.inflight ??= (async () => {
      try {
        const response = await fetcher(uri)
        if (!response.ok) throw new Error(`JWKS fetch answered ${response.status}`)
        const body = (await response.json()) as { keys?: JWK[] }
        set.keys = new Map(
          (body.keys ?? [])
            .filter((k) => typeof k.kid === 'string')
            .map((k) => [k.kid as string, k]),
        )
        set.fetchedAt = this.now()
      } finally {
        set.inflight = undefined
      }
    })()
    return set.inflight
  }

  /** The verification key for `kid` with algorithm `alg`, or null when the provider has no such key. */
  async key(
    uri: string,
    kid: string,
    alg: string,
    fetcher: Fetcher,
  ): Promise<CryptoKey | Uint8Array | null> {
    let set = this.sets.get(uri)
    if (!set) {
      set = { keys: new Map(), fetchedAt: 0 }
      this.sets.set(uri, set)
    }
    const age = this.now() - set.fetchedAt
    if (age > TTL_MS || (!set.keys.has(kid) && age > REFETCH_MIN_MS))
      await this.refresh(uri, fetcher, set)
    const jwk = set.keys.get(kid)
    if (
      !jwk ||
      (jwk.alg !== undefined && jwk.alg !== alg) ||
      (jwk.use !== undefined && jwk.use !== 'sig')
    )
      return null
    const cacheKey = `${uri}|${kid}|${alg}`
    let key = this.imported.get(cacheKey)
    if (!key) {
      key = importJWK(jwk, alg)
      this.imported.set(cacheKey, key)
    }
    return key
  }
}
