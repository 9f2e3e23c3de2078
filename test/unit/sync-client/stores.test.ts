import { describe, expect, it } from 'vitest'
import {
  type LocalDataset,
  type LocalStore,
  type WebStorage,
  localStorageStore,
  memoryStore,
} from '../../../client/sync'

/** Web Storage over a Map, with the browser's string-only items and key order by insertion. */
function mapWebStorage(): WebStorage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    get length() {
      return items.size
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  }
}

const dataset = (value: string): LocalDataset => ({
  lastSyncCount: 3,
  records: {
    colour: {
      value,
      syncCount: 3,
      lastModifiedDate: 1_000,
      deviceLastModifiedDate: 900,
      dirty: false,
    },
    gone: { value: null, syncCount: 2, deviceLastModifiedDate: 800, dirty: true },
  },
})

const stores: Array<[string, () => LocalStore]> = [
  ['memoryStore', () => memoryStore()],
  ['localStorageStore', () => localStorageStore({ storage: mapWebStorage() })],
]

describe.each(stores)('%s', (_name, makeStore) => {
  it('reads back what it wrote, tombstones and all, and nothing it did not', async () => {
    const store = makeStore()
    expect(await store.read('us-east-1:a', 'settings')).toBeUndefined()
    await store.write('us-east-1:a', 'settings', dataset('blue'))
    expect(await store.read('us-east-1:a', 'settings')).toEqual(dataset('blue'))
    expect(await store.read('us-east-1:b', 'settings')).toBeUndefined()
  })

  it('hands out copies: changing a read dataset changes nothing stored', async () => {
    const store = makeStore()
    await store.write('us-east-1:a', 'settings', dataset('blue'))
    const read = (await store.read('us-east-1:a', 'settings'))!
    read.records.colour!.value = 'red'
    expect((await store.read('us-east-1:a', 'settings'))!.records.colour!.value).toBe('blue')
  })

  it('lists one identity’s datasets and deletes one without touching the rest', async () => {
    const store = makeStore()
    await store.write('us-east-1:a', 'settings', dataset('blue'))
    await store.write('us-east-1:a', 'game:level-1', dataset('red'))
    await store.write('us-east-1:b', 'settings', dataset('green'))
    expect((await store.list('us-east-1:a')).sort()).toEqual(['game:level-1', 'settings'])
    await store.delete('us-east-1:a', 'settings')
    expect(await store.list('us-east-1:a')).toEqual(['game:level-1'])
    expect(await store.read('us-east-1:b', 'settings')).toEqual(dataset('green'))
  })
})

describe('localStorageStore', () => {
  it('keeps each dataset as one JSON item under its prefix, beside the page’s own items', async () => {
    const storage = mapWebStorage()
    storage.setItem('theme', 'dark')
    const store = localStorageStore({ storage, prefix: 'app/' })
    await store.write('us-east-1:a', 'settings', dataset('blue'))
    expect(JSON.parse(storage.getItem('app/us-east-1:a/settings')!)).toEqual(dataset('blue'))
    expect(await store.list('us-east-1:a')).toEqual(['settings'])
    expect(storage.getItem('theme')).toBe('dark')
  })

  it('says what is missing when there is no localStorage', () => {
    expect(() => localStorageStore()).toThrow(/no localStorage/)
  })
})
