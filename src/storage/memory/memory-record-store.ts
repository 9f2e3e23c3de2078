import type {
  CommitResult,
  ListOptions,
  ListPage,
  RecordStore,
  StoredRecord,
  Transaction,
} from '../record-store'
import { MAX_LIST_LIMIT } from '../record-store'

interface Entry {
  /** null marks a tombstone: the key was deleted but its version lives on. */
  json: string | null
  version: number
  expiresAt: number | null
}

/** An in-process RecordStore for unit tests; same guarantees as the Durable Object backend. */
export class MemoryRecordStore implements RecordStore {
  private readonly entries = new Map<string, Entry>()
  /** The highest version of any entry `prune` forgot; new keys start above it. */
  private versionFloor = 0

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key)
    if (!entry || entry.json === null) return undefined
    if (entry.expiresAt !== null && entry.expiresAt <= this.now()) return undefined
    return entry
  }

  async get<T>(key: string): Promise<StoredRecord<T> | null> {
    const entry = this.live(key)
    return entry?.json ? { key, value: JSON.parse(entry.json) as T, version: entry.version } : null
  }

  async getMany<T>(keys: string[]): Promise<Array<StoredRecord<T> | null>> {
    return Promise.all(keys.map((key) => this.get<T>(key)))
  }

  async list<T>(prefix: string, options: ListOptions = {}): Promise<ListPage<T>> {
    const limit = Math.max(1, Math.min(options.limit ?? MAX_LIST_LIMIT, MAX_LIST_LIMIT))
    const keys = [...this.entries.keys()]
      .filter(
        (key) =>
          key.startsWith(prefix) &&
          (options.after === undefined || compareKeys(key, options.after) > 0),
      )
      .sort(compareKeys)
    const records: Array<StoredRecord<T>> = []
    for (const key of keys) {
      if (records.length === limit) return { records, next: records[records.length - 1]!.key }
      const record = await this.get<T>(key)
      if (record) records.push(record)
    }
    return { records }
  }

  async commit(transaction: Transaction): Promise<CommitResult> {
    for (const expectation of transaction.expect ?? []) {
      const current = this.live(expectation.key)?.version ?? 0
      // "Must not exist" (0) also holds for a tombstone or an expired record.
      if (current !== expectation.version) return { ok: false, conflict: expectation.key }
    }
    const versions: Record<string, number> = {}
    for (const key of transaction.delete ?? []) {
      const entry = this.entries.get(key)
      if (entry) this.entries.set(key, { json: null, version: entry.version + 1, expiresAt: null })
    }
    for (const put of transaction.put ?? []) {
      // Versions keep growing across delete and re-create so a stale expectation never matches.
      const previous = this.entries.get(put.key)?.version ?? this.versionFloor
      const version = previous + 1
      this.entries.set(put.key, {
        json: JSON.stringify(put.value),
        version,
        expiresAt: put.expiresAt ?? null,
      })
      versions[put.key] = version
    }
    return { ok: true, versions }
  }

  async count(prefix: string): Promise<number> {
    return [...this.entries.keys()].filter((key) => key.startsWith(prefix) && this.live(key)).length
  }

  async prune(): Promise<number> {
    let removed = 0
    for (const [key, entry] of this.entries) {
      if (this.live(key)) continue
      this.versionFloor = Math.max(this.versionFloor, entry.version)
      this.entries.delete(key)
      removed++
    }
    return removed
  }
}

/**
 * Code point order, which is UTF-8 byte order: what SQLite's BINARY collation gives the Durable
 * Object backend. JavaScript's own string order (UTF-16 code units) puts emoji before U+E000–U+FFFF.
 */
function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    // At the first difference, codePointAt reads whole characters; equal high surrogates fall
    // through to their low halves, whose order is the code points' order.
    const difference = a.codePointAt(i)! - b.codePointAt(i)!
    if (difference !== 0) return difference
  }
  return a.length - b.length
}
