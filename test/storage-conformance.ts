import { describe, expect, it } from 'vitest'
import { MAX_LIST_LIMIT, type RecordStore } from '../src/storage/record-store'

export interface ConformanceOptions {
  /** Lets time pass for the store (real timers by default). */
  sleep?: (ms: number) => Promise<void>
}

/**
 * The RecordStore contract (src/storage/record-store.ts), as tests. Every backend runs this suite:
 * the in-memory store under Node, the SQLite Durable Objects under workerd. `freshStore` must
 * return an empty store each time.
 */
export function recordStoreConformance(
  name: string,
  freshStore: () => RecordStore,
  options: ConformanceOptions = {},
): void {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  describe(`RecordStore conformance: ${name}`, () => {
    describe('reads', () => readTests(freshStore))
    describe('compare-and-set commits', () => commitTests(freshStore))
    describe('versions and tombstones', () => versionTests(freshStore))
    describe('expiry', () => expiryTests(freshStore, sleep))
    describe('list', () => listTests(freshStore))
    describe('concurrency', () => concurrencyTests(freshStore))
    describe('count and prune', () => housekeepingTests(freshStore))
  })
}

function readTests(freshStore: () => RecordStore): void {
  it('reads back what it wrote, with version 1 on creation', async () => {
    const store = freshStore()
    expect(await store.get('a')).toBeNull()
    const result = await store.commit({ put: [{ key: 'a', value: { n: 1, nested: ['x'] } }] })
    expect(result).toEqual({ ok: true, versions: { a: 1 } })
    expect(await store.get('a')).toEqual({ key: 'a', value: { n: 1, nested: ['x'] }, version: 1 })
  })

  it('getMany answers in the order asked, with null for absent keys and repeats allowed', async () => {
    const store = freshStore()
    await store.commit({
      put: [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ],
    })
    expect(await store.getMany(['b', 'missing', 'a', 'b'])).toEqual([
      { key: 'b', value: 2, version: 1 },
      null,
      { key: 'a', value: 1, version: 1 },
      { key: 'b', value: 2, version: 1 },
    ])
    expect(await store.getMany([])).toEqual([])
  })

  it('round-trips JSON values exactly, and a stored null is a record, not an absence', async () => {
    const store = freshStore()
    const values: Record<string, unknown> = {
      nil: null,
      zero: 0,
      empty: '',
      text: 'caf\u00e9 \u{1F600} "quoted" \\',
      list: [1, 'two', [3], { four: 4 }],
      big: 2 ** 53 - 1,
      neg: -1.5,
      flag: false,
    }
    await store.commit({ put: Object.entries(values).map(([key, value]) => ({ key, value })) })
    for (const [key, value] of Object.entries(values))
      expect(await store.get(key)).toEqual({ key, value, version: 1 })
    expect((await store.list('nil')).records).toEqual([{ key: 'nil', value: null, version: 1 }])
    expect(
      (
        await store.commit({
          expect: [{ key: 'nil', version: 0 }],
          put: [{ key: 'nil', value: 1 }],
        })
      ).ok,
    ).toBe(false)
  })

  it('treats keys as exact strings (case, Unicode and SQL-looking text)', async () => {
    const store = freshStore()
    const keys = ['K', 'k', 'caf\u00e9', 'cafe\u0301', "x' OR '1'='1", 'a%', 'a_', '\u{1F600}']
    await store.commit({ put: keys.map((key, i) => ({ key, value: i })) })
    expect((await store.getMany(keys)).map((record) => record?.value)).toEqual(
      keys.map((_, i) => i),
    )
    expect(await store.get('ab')).toBeNull()
  })
}

function commitTests(freshStore: () => RecordStore): void {
  it('version 0 means "must not exist"; a matching version lets the write through', async () => {
    const store = freshStore()
    expect(
      await store.commit({ expect: [{ key: 'k', version: 0 }], put: [{ key: 'k', value: 1 }] }),
    ).toEqual({ ok: true, versions: { k: 1 } })
    expect(
      await store.commit({ expect: [{ key: 'k', version: 0 }], put: [{ key: 'k', value: 2 }] }),
    ).toEqual({ ok: false, conflict: 'k' })
    expect(
      await store.commit({ expect: [{ key: 'k', version: 1 }], put: [{ key: 'k', value: 3 }] }),
    ).toEqual({ ok: true, versions: { k: 2 } })
    expect(
      await store.commit({ expect: [{ key: 'k', version: 1 }], put: [{ key: 'k', value: 4 }] }),
    ).toEqual({ ok: false, conflict: 'k' })
    expect(await store.get('k')).toEqual({ key: 'k', value: 3, version: 2 })
  })

  it('an expectation alone (no writes) checks without changing anything', async () => {
    const store = freshStore()
    await store.commit({ put: [{ key: 'k', value: 1 }] })
    expect(await store.commit({ expect: [{ key: 'k', version: 1 }] })).toEqual({
      ok: true,
      versions: {},
    })
    expect(await store.commit({ expect: [{ key: 'k', version: 7 }] })).toEqual({
      ok: false,
      conflict: 'k',
    })
    expect(await store.get('k')).toEqual({ key: 'k', value: 1, version: 1 })
  })

  it('one failed expectation applies nothing: no put, no delete, whatever the order', async () => {
    const store = freshStore()
    await store.commit({
      put: [
        { key: 'k', value: 1 },
        { key: 'doomed', value: 'stays' },
      ],
    })
    const failed = await store.commit({
      expect: [
        { key: 'k', version: 1 },
        { key: 'other', version: 3 },
      ],
      put: [
        { key: 'k', value: 'changed' },
        { key: 'side', value: true },
      ],
      delete: ['doomed'],
    })
    expect(failed).toEqual({ ok: false, conflict: 'other' })
    expect(await store.getMany(['k', 'side', 'doomed'])).toEqual([
      { key: 'k', value: 1, version: 1 },
      null,
      { key: 'doomed', value: 'stays', version: 1 },
    ])
    const failedFirst = await store.commit({
      expect: [
        { key: 'k', version: 9 },
        { key: 'doomed', version: 1 },
      ],
      delete: ['doomed'],
    })
    expect(failedFirst).toEqual({ ok: false, conflict: 'k' })
    expect(await store.get('doomed')).not.toBeNull()
  })

  it('applies the puts and deletes of one commit together', async () => {
    const store = freshStore()
    await store.commit({
      put: [
        { key: 'x', value: 1 },
        { key: 'y', value: 2 },
      ],
    })
    const result = await store.commit({
      expect: [
        { key: 'x', version: 1 },
        { key: 'z', version: 0 },
      ],
      put: [{ key: 'z', value: 3 }],
      delete: ['x', 'y'],
    })
    expect(result).toEqual({ ok: true, versions: { z: 1 } })
    expect(await store.getMany(['x', 'y', 'z'])).toEqual([
      null,
      null,
      { key: 'z', value: 3, version: 1 },
    ])
  })

  it('deleting an absent key is a no-op that leaves it creatable', async () => {
    const store = freshStore()
    expect((await store.commit({ delete: ['never'] })).ok).toBe(true)
    expect(await store.get('never')).toBeNull()
    expect(
      (
        await store.commit({
          expect: [{ key: 'never', version: 0 }],
          put: [{ key: 'never', value: 1 }],
        })
      ).ok,
    ).toBe(true)
  })
}

function versionTests(freshStore: () => RecordStore): void {
  it('bumps the version by one on every write', async () => {
    const store = freshStore()
    for (let i = 1; i <= 5; i++)
      expect(await store.commit({ put: [{ key: 'v', value: i }] })).toEqual({
        ok: true,
        versions: { v: i },
      })
    expect(await store.get('v')).toEqual({ key: 'v', value: 5, version: 5 })
  })

  it('never reuses a version across delete and re-create, so a stale writer cannot match', async () => {
    const store = freshStore()
    await store.commit({ put: [{ key: 'v', value: 'first' }] })
    await store.commit({ expect: [{ key: 'v', version: 1 }], delete: ['v'] })
    expect(await store.get('v')).toBeNull()
    expect(
      await store.commit({
        expect: [{ key: 'v', version: 1 }],
        put: [{ key: 'v', value: 'stale' }],
      }),
    ).toEqual({ ok: false, conflict: 'v' })
    const recreated = await store.commit({
      expect: [{ key: 'v', version: 0 }],
      put: [{ key: 'v', value: 'second' }],
    })
    expect(recreated.ok && recreated.versions.v).toBeGreaterThan(1)
    expect(
      await store.commit({
        expect: [{ key: 'v', version: 1 }],
        put: [{ key: 'v', value: 'stale writer' }],
      }),
    ).toEqual({ ok: false, conflict: 'v' })
    expect((await store.get('v'))?.value).toBe('second')
  })

  it('keeps growing when a key is deleted and re-created in one commit', async () => {
    const store = freshStore()
    await store.commit({ put: [{ key: 'v', value: 1 }] })
    const result = await store.commit({ delete: ['v'], put: [{ key: 'v', value: 2 }] })
    expect(result.ok && result.versions.v).toBeGreaterThan(1)
    expect(await store.get('v')).toMatchObject({ value: 2 })
  })
}

function expiryTests(freshStore: () => RecordStore, sleep: (ms: number) => Promise<void>): void {
  it('hides expired records from get, getMany, list and expectations', async () => {
    const store = freshStore()
    await store.commit({
      put: [
        { key: 'e:1', value: 1, expiresAt: Date.now() - 1 },
        { key: 'e:2', value: 2, expiresAt: Date.now() + 60_000 },
      ],
    })
    expect(await store.get('e:1')).toBeNull()
    expect(await store.getMany(['e:1', 'e:2'])).toEqual([
      null,
      { key: 'e:2', value: 2, version: 1 },
    ])
    expect((await store.list('e:')).records.map((r) => r.key)).toEqual(['e:2'])
    expect(await store.commit({ expect: [{ key: 'e:1', version: 1 }] })).toEqual({
      ok: false,
      conflict: 'e:1',
    })
    const recreated = await store.commit({
      expect: [{ key: 'e:1', version: 0 }],
      put: [{ key: 'e:1', value: 'fresh' }],
    })
    expect(recreated.ok && recreated.versions['e:1']).toBeGreaterThan(1)
    expect(await store.get('e:1')).toMatchObject({ value: 'fresh' })
  })

  it('expires records as time passes, and a later put without expiresAt keeps the record', async () => {
    const store = freshStore()
    // A window wide enough that a loaded machine still reads the record before it lapses.
    const expiresAt = Date.now() + 1_000
    await store.commit({
      put: [
        { key: 't', value: 1, expiresAt },
        { key: 'kept', value: 1, expiresAt },
      ],
    })
    expect(await store.get('t')).not.toBeNull()
    await store.commit({ put: [{ key: 'kept', value: 2 }] })
    await sleep(Math.max(0, expiresAt - Date.now()) + 50)
    expect(await store.get('t')).toBeNull()
    expect((await store.list('')).records.map((r) => r.key)).toEqual(['kept'])
  })
}

function housekeepingTests(freshStore: () => RecordStore): void {
  it('counts live records under a prefix, not tombstones, expired records or neighbours', async () => {
    const store = freshStore()
    expect(await store.count('user:')).toBe(0)
    await store.commit({
      put: [
        { key: 'user:a', value: 1 },
        { key: 'user:b', value: 1 },
        { key: 'user:😀', value: 1 },
        { key: 'user:c', value: 1 },
        { key: 'user:gone', value: 1, expiresAt: Date.now() - 1 },
        { key: 'users', value: 1 },
        { key: 'usea', value: 1 },
      ],
    })
    await store.commit({ delete: ['user:c'] })
    expect(await store.count('user:')).toBe(3)
    expect(await store.count('')).toBe(5)
    expect(await store.count('nothing:')).toBe(0)
  })

  it('prunes tombstones and expired records without changing what reads see', async () => {
    const store = freshStore()
    expect(await store.prune()).toBe(0)
    await store.commit({
      put: [
        { key: 'keep', value: 1 },
        { key: 'later', value: 1, expiresAt: Date.now() + 60_000 },
        { key: 'lapsed', value: 1, expiresAt: Date.now() - 1 },
        { key: 'dead', value: 1 },
      ],
    })
    await store.commit({ delete: ['dead'] })
    const before = await store.list('')
    expect(await store.prune()).toBe(2)
    expect(await store.prune()).toBe(0)
    expect(await store.list('')).toEqual(before)
    expect(await store.getMany(['keep', 'later', 'lapsed', 'dead'])).toEqual([
      { key: 'keep', value: 1, version: 1 },
      { key: 'later', value: 1, version: 1 },
      null,
      null,
    ])
  })

  it('still never reuses a version after pruning, so a stale writer cannot match', async () => {
    const store = freshStore()
    for (let i = 0; i < 4; i++) await store.commit({ put: [{ key: 'v', value: i }] })
    await store.commit({ expect: [{ key: 'v', version: 4 }], delete: ['v'] })
    await store.commit({ put: [{ key: 'e', value: 1, expiresAt: Date.now() - 1 }] })
    expect(await store.prune()).toBe(2)
    const recreated = await store.commit({
      expect: [{ key: 'v', version: 0 }],
      put: [{ key: 'v', value: 'again' }],
    })
    expect(recreated.ok && recreated.versions.v).toBeGreaterThan(5)
    for (const stale of [1, 2, 3, 4, 5])
      expect(
        await store.commit({
          expect: [{ key: 'v', version: stale }],
          put: [{ key: 'v', value: 'stale' }],
        }),
      ).toEqual({ ok: false, conflict: 'v' })
    expect((await store.get('v'))?.value).toBe('again')
  })
}

/** Ascending UTF-8 byte order, which is also Unicode code point order. */
function byteOrder(a: string, b: string): number {
  const [x, y] = [new TextEncoder().encode(a), new TextEncoder().encode(b)]
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}

async function listAll(store: RecordStore, prefix: string, limit: number): Promise<string[]> {
  const seen: string[] = []
  let after: string | undefined
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await store.list(prefix, { limit, ...(after !== undefined ? { after } : {}) })
    expect(page.records.length).toBeLessThanOrEqual(limit)
    if (page.records.length < limit) expect(page.next).toBeUndefined()
    seen.push(...page.records.map((r) => r.key))
    if (!page.next) return seen
    after = page.next
  }
  throw new Error('list never ended')
}

function listTests(freshStore: () => RecordStore): void {
  it('lists only keys under the prefix, in key order, with values and versions', async () => {
    const store = freshStore()
    await store.commit({
      put: ['p:b', 'p:a', 'p:', 'p', 'p;', 'o:z', 'q:a', 'p:a:sub'].map((key) => ({
        key,
        value: key,
      })),
    })
    await store.commit({ put: [{ key: 'p:b', value: 'again' }] })
    expect((await store.list('p:')).records).toEqual([
      { key: 'p:', value: 'p:', version: 1 },
      { key: 'p:a', value: 'p:a', version: 1 },
      { key: 'p:a:sub', value: 'p:a:sub', version: 1 },
      { key: 'p:b', value: 'again', version: 2 },
    ])
    expect((await store.list('p:a')).records.map((r) => r.key)).toEqual(['p:a', 'p:a:sub'])
    expect((await store.list('')).records.map((r) => r.key)).toEqual([
      'o:z',
      'p',
      'p:',
      'p:a',
      'p:a:sub',
      'p:b',
      'p;',
      'q:a',
    ])
    expect(await store.list('nothing:')).toEqual({ records: [] })
  })

  it('orders and bounds keys by bytes, including characters beyond the Basic Multilingual Plane', async () => {
    const store = freshStore()
    const under = [
      'u:A',
      'u:a',
      'u:~',
      'u:\u00e9',
      'u:\u4e2d',
      'u:\ufb01',
      'u:\uff21',
      'u:\ufffd',
      'u:\uffff',
      'u:\uffffz',
      'u:\u{1F600}',
      'u:\u{1F600}x',
      'u:\u{10FFFD}',
    ]
    await store.commit({
      put: [...under, 'u;', 'u', 't:\u{1F600}', 'v:a'].map((key) => ({ key, value: 0 })),
    })
    const expected = [...under].sort(byteOrder)
    expect((await store.list('u:')).records.map((r) => r.key)).toEqual(expected)
    expect(await listAll(store, 'u:', 2)).toEqual(expected)
    expect((await store.list('u:\u{1F600}')).records.map((r) => r.key)).toEqual([
      'u:\u{1F600}',
      'u:\u{1F600}x',
    ])
    expect((await store.list('u:\uffff')).records.map((r) => r.key)).toEqual([
      'u:\uffff',
      'u:\uffffz',
    ])
  })

  it('does not treat % or _ in a prefix as wildcards', async () => {
    const store = freshStore()
    await store.commit({ put: ['w%a', 'w_b', 'wxc', 'w\\d'].map((key) => ({ key, value: 0 })) })
    expect((await store.list('w%')).records.map((r) => r.key)).toEqual(['w%a'])
    expect((await store.list('w_')).records.map((r) => r.key)).toEqual(['w_b'])
    expect((await store.list('w\\')).records.map((r) => r.key)).toEqual(['w\\d'])
  })

  it('pages with after/limit/next over many keys, skipping deleted ones, without gaps or repeats', async () => {
    const store = freshStore()
    const keys = Array.from({ length: 60 }, (_, i) => `p:${String(i).padStart(3, '0')}`)
    await store.commit({
      put: [
        ...keys.map((key) => ({ key, value: key })),
        { key: 'q:other', value: 0 },
        { key: 'p', value: 'not under p:' },
      ],
    })
    await store.commit({ delete: ['p:005', 'p:006', 'p:059'] })
    const live = keys.filter((k) => !['p:005', 'p:006', 'p:059'].includes(k))
    for (const limit of [1, 7, 56, 57, 100]) expect(await listAll(store, 'p:', limit)).toEqual(live)
    expect(
      (await store.list('p:', { after: 'p:010', limit: 3 })).records.map((r) => r.key),
    ).toEqual(['p:011', 'p:012', 'p:013'])
    expect(
      (await store.list('p:', { after: 'p:0105', limit: 1 })).records.map((r) => r.key),
    ).toEqual(['p:011'])
    expect((await store.list('p:', { after: 'a', limit: 1 })).records.map((r) => r.key)).toEqual([
      'p:000',
    ])
    expect(await store.list('p:', { after: 'p:058' })).toEqual({ records: [] })
    expect(await store.list('p:', { after: 'zzz' })).toEqual({ records: [] })
  })

  it(`never returns more than ${MAX_LIST_LIMIT} records in one page`, async () => {
    const store = freshStore()
    const keys = Array.from(
      { length: MAX_LIST_LIMIT + 234 },
      (_, i) => `m:${String(i).padStart(5, '0')}`,
    )
    await store.commit({ put: keys.map((key) => ({ key, value: 1 })) })
    for (const limit of [undefined, MAX_LIST_LIMIT + 1, 5000]) {
      const page = await store.list('m:', limit === undefined ? {} : { limit })
      expect(page.records).toHaveLength(MAX_LIST_LIMIT)
      expect(page.next).toBe(keys[MAX_LIST_LIMIT - 1])
    }
    expect(await listAll(store, 'm:', MAX_LIST_LIMIT)).toEqual(keys)
  })
}

function concurrencyTests(freshStore: () => RecordStore): void {
  it('lets exactly one of many concurrent writers expecting the same version win', async () => {
    const store = freshStore()
    await store.commit({ put: [{ key: 'race', value: 0 }] })
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.commit({
          expect: [{ key: 'race', version: 1 }],
          put: [{ key: 'race', value: i + 1 }],
        }),
      ),
    )
    const winners = results.flatMap((r, i) => (r.ok ? [i + 1] : []))
    expect(winners).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual(
      Array.from({ length: 24 }, () => ({ ok: false, conflict: 'race' })),
    )
    expect(await store.get('race')).toEqual({ key: 'race', value: winners[0], version: 2 })
  })

  it('lets exactly one of many concurrent creators of the same key win', async () => {
    const store = freshStore()
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.commit({
          expect: [{ key: 'new', version: 0 }],
          put: [
            { key: 'new', value: i },
            { key: `claim:${i}`, value: i },
          ],
        }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect((await store.list('claim:')).records).toHaveLength(1)
  })

  it('loses no update when concurrent read-modify-write loops retry on conflict', async () => {
    const store = freshStore()
    const increment = async (): Promise<void> => {
      for (;;) {
        const current = await store.get<number>('counter')
        const result = await store.commit({
          expect: [{ key: 'counter', version: current?.version ?? 0 }],
          put: [{ key: 'counter', value: (current?.value ?? 0) + 1 }],
        })
        if (result.ok) return
      }
    }
    await Promise.all(Array.from({ length: 20 }, increment))
    expect(await store.get('counter')).toEqual({ key: 'counter', value: 20, version: 20 })
  })
}
