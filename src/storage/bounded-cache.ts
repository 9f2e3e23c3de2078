/**
 * A per-isolate cache with a fixed number of entries and an optional time to live. Every cache
 * keyed by something a caller chooses (a Host header, a ClientId, a `kid`) must be one of these:
 * an unbounded Map there is a memory leak anyone can drive. Least recently used entries go first.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; storedAt: number }>()

  /**
   * @param maxEntries entries kept at most; the least recently used one is dropped beyond it.
   * @param ttlMs how long an entry is served (omit for entries that never go stale on their own).
   * @param now the clock, injectable for tests.
   */
  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new Error('a bounded cache needs room for at least one entry')
  }

  /** The fresh value for `key`, or undefined when absent or older than the time to live. */
  get(key: K, ttlMs: number = this.ttlMs): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (this.now() - entry.storedAt >= ttlMs) {
      this.entries.delete(key)
      return undefined
    }
    // Re-inserting moves the key to the young end of the Map's insertion order.
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.value
  }

  set(key: K, value: V): void {
    this.entries.delete(key)
    this.entries.set(key, { value, storedAt: this.now() })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next()
      if (oldest.done) break
      this.entries.delete(oldest.value)
    }
  }

  delete(key: K): void {
    this.entries.delete(key)
  }

  /** Drops every entry whose key satisfies `matches` (for example all entries of one pool). */
  deleteWhere(matches: (key: K) => boolean): void {
    for (const key of [...this.entries.keys()]) if (matches(key)) this.entries.delete(key)
  }

  get size(): number {
    return this.entries.size
  }
}
