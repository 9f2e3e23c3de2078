import { describe, expect, it } from 'vitest'
import type { RecordStore } from '../src/storage/record-store'

/**
 * The RecordStore contract (src/storage/record-store.ts), as tests. Every backend runs this suite:
 * the in-memory store under Node, the SQLite Durable Objects under workerd.
 */
export function recordStoreConformance(name: string, freshStore: () => RecordStore, options: { advanceClock?: (ms: number) => Promise<void> } = {}): void {
  describe(`RecordStore conformance: ${name}`, () => {
    it('reads back what it wrote, with version 1 on creation', async () => {
      const store = freshStore()
      expect(await store.get('a')).toBeNull()
      const result = await store.commit({ put: [{ key: 'a', value: { n: 1, nested: ['x'] } }] })
      expect(result).toEqual({ ok: true, versions: { a: 1 } })
      expect(await store.get('a')).toEqual({ key: 'a', value: { n: 1, nested: ['x'] }, version: 1 })
      expect(await store.getMany(['a', 'missing'])).toEqual([{ key: 'a', value: { n: 1, nested: ['x'] }, version: 1 }, null])
    })

    it('compares and sets: version 0 means absent, a stale version fails and applies nothing', async () => {
      const store = freshStore()
      expect((await store.commit({ expect: [{ key: 'k', version: 0 }], put: [{ key: 'k', value: 1 }] })).ok).toBe(true)
      expect(await store.commit({ expect: [{ key: 'k', version: 0 }], put: [{ key: 'k', value: 2 }] })).toEqual({ ok: false, conflict: 'k' })
      const failed = await store.commit({ expect: [{ key: 'k', version: 1 }, { key: 'other', version: 3 }], put: [{ key: 'k', value: 3 }, { key: 'side', value: true }] })
      expect(failed).toEqual({ ok: false, conflict: 'other' })
      expect((await store.get('k'))?.value).toBe(1)
      expect(await store.get('side')).toBeNull()
      expect((await store.commit({ expect: [{ key: 'k', version: 1 }], put: [{ key: 'k', value: 4 }] })).ok).toBe(true)
      expect(await store.get('k')).toMatchObject({ value: 4, version: 2 })
    })

    it('applies puts and deletes of one commit together', async () => {
      const store = freshStore()
      await store.commit({ put: [{ key: 'x', value: 1 }, { key: 'y', value: 2 }] })
      await store.commit({ expect: [{ key: 'x', version: 1 }], put: [{ key: 'z', value: 3 }], delete: ['x', 'y'] })
      expect(await store.getMany(['x', 'y', 'z'])).toEqual([null, null, { key: 'z', value: 3, version: 1 }])
    })

    it('never reuses a version across delete and re-create', async () => {
      const store = freshStore()
      await store.commit({ put: [{ key: 'v', value: 'first' }] })
      await store.commit({ delete: ['v'] })
      expect(await store.get('v')).toBeNull()
      expect((await store.commit({ expect: [{ key: 'v', version: 0 }], put: [{ key: 'v', value: 'second' }] })).ok).toBe(true)
      const recreated = await store.get('v')
      expect(recreated?.version).toBeGreaterThan(1)
      expect((await store.commit({ expect: [{ key: 'v', version: 1 }], put: [{ key: 'v', value: 'stale writer' }] })).ok).toBe(false)
    })

    it('hides expired records from reads, lists and expectations', async () => {
      const store = freshStore()
      await store.commit({ put: [{ key: 'e:1', value: 1, expiresAt: Date.now() - 1 }, { key: 'e:2', value: 2, expiresAt: Date.now() + 60_000 }] })
      expect(await store.get('e:1')).toBeNull()
      expect((await store.list('e:')).records.map((r) => r.key)).toEqual(['e:2'])
      expect((await store.commit({ expect: [{ key: 'e:1', version: 0 }], put: [{ key: 'e:1', value: 'fresh' }] })).ok).toBe(true)
    })

    it('lists by prefix in key order, paging with after/limit/next', async () => {
      const store = freshStore()
      const keys = Array.from({ length: 25 }, (_, i) => `p:${String(i).padStart(3, '0')}`)
      await store.commit({ put: [...keys.map((key) => ({ key, value: key })), { key: 'q:other', value: 0 }, { key: 'p', value: 'not under p:' }] })
      await store.commit({ delete: ['p:005'] })
      const seen: string[] = []
      let after: string | undefined
      for (;;) {
        const page = await store.list<string>('p:', { limit: 7, ...(after ? { after } : {}) })
        expect(page.records.length).toBeLessThanOrEqual(7)
        seen.push(...page.records.map((r) => r.key))
        if (!page.next) break
        after = page.next
      }
      expect(seen).toEqual(keys.filter((k) => k !== 'p:005'))
    })

    it('lets exactly one of many concurrent writers expecting the same version win', async () => {
      const store = freshStore()
      await store.commit({ put: [{ key: 'race', value: 0 }] })
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.commit({ expect: [{ key: 'race', version: 1 }], put: [{ key: 'race', value: i + 1 }] })))
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expect((await store.get('race'))?.version).toBe(2)
    })

    if (options.advanceClock) {
      it('expires records as time passes', async () => {
        const store = freshStore()
        await store.commit({ put: [{ key: 't', value: 1, expiresAt: Date.now() + 50 }] })
        expect(await store.get('t')).not.toBeNull()
        await options.advanceClock!(100)
        expect(await store.get('t')).toBeNull()
      })
    }
  })
}
