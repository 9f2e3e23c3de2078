import { describe, expect, it } from 'vitest'
import { BoundedCache } from '../../src/storage/bounded-cache'

describe('bounded per-isolate caches', () => {
  it('never holds more than its bound, dropping the least recently used entry', () => {
    const cache = new BoundedCache<string, number>(3)
    for (let i = 0; i < 10_000; i++) cache.set(`host-${i}`, i)
    expect(cache.size).toBe(3)
    expect(cache.get('host-9999')).toBe(9999)
    const lru = new BoundedCache<string, number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    lru.get('a')
    lru.set('c', 3)
    expect(lru.get('a')).toBe(1)
    expect(lru.get('b')).toBeUndefined()
  })

  it('serves an entry only within its time to live, on an injected clock', () => {
    let now = 0
    const cache = new BoundedCache<string, string>(10, 1000, () => now)
    cache.set('k', 'v')
    now = 999
    expect(cache.get('k')).toBe('v')
    now = 1000
    expect(cache.get('k')).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('forgets entries by predicate', () => {
    const cache = new BoundedCache<string, number>(10)
    cache.set('pool-a|x', 1)
    cache.set('pool-a|y', 2)
    cache.set('pool-b|x', 3)
    cache.deleteWhere((key) => key.startsWith('pool-a|'))
    expect(cache.size).toBe(1)
  })
})
