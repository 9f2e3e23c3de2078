import type { RecordStore } from '../../storage/record-store'

/** One page of a listing: at most `limit` values, and the key to go on after when there are more. */
export interface Page<T> {
  items: T[]
  /** The key of the last item returned, when more may follow. */
  lastKey?: string
}

/**
 * Up to `limit` values of the records under `prefix` after the key `after` that `keep` accepts,
 * reading as many store pages as it takes (a filter such as a path prefix may skip many).
 */
export async function listPage<T>(
  store: RecordStore,
  prefix: string,
  options: { after?: string; limit: number; keep?: (value: T) => boolean },
): Promise<Page<T>> {
  const items: T[] = []
  let lastKey: string | undefined
  let after = options.after
  for (;;) {
    const page = await store.list<T>(prefix, { ...(after ? { after } : {}), limit: 1000 })
    for (const record of page.records) {
      if (options.keep && !options.keep(record.value)) continue
      if (items.length === options.limit) return { items, ...(lastKey ? { lastKey } : {}) }
      items.push(record.value)
      lastKey = record.key
    }
    if (!page.next) return { items }
    after = page.next
  }
}
