import { DurableObject } from 'cloudflare:workers'
import type { CommitResult, ListOptions, ListPage, StoredRecord, Transaction } from '../record-store'
import { MAX_LIST_LIMIT } from '../record-store'

interface Row extends Record<string, SqlStorageValue> {
  key: string
  value: string | null
  version: number
  expires_at: number | null
}

/**
 * The RecordStore contract on a SQLite-backed Durable Object. Every method runs synchronously
 * inside the object, so each call is atomic and isolated without explicit locking; a commit is one
 * `transactionSync`. Deleted keys leave a tombstone (value NULL) so versions never repeat.
 */
/** Record stores need no bindings; the type says so. */
type NoBindings = Record<string, never>

export abstract class SqliteRecordStore extends DurableObject<NoBindings> {
  constructor(ctx: DurableObjectState, env: NoBindings) {
    super(ctx, env)
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS records (
         key TEXT PRIMARY KEY,
         value TEXT,
         version INTEGER NOT NULL,
         expires_at INTEGER
       )`,
    )
  }

  private row(key: string): Row | undefined {
    return this.ctx.storage.sql.exec<Row>('SELECT * FROM records WHERE key = ?', key).toArray()[0]
  }

  private liveVersion(row: Row | undefined, now: number): number {
    if (!row || row.value === null) return 0
    if (row.expires_at !== null && row.expires_at <= now) return 0
    return row.version
  }

  private toRecord<T>(row: Row | undefined, now: number): StoredRecord<T> | null {
    if (!row || this.liveVersion(row, now) === 0) return null
    return { key: row.key, value: JSON.parse(row.value as string) as T, version: row.version }
  }

  async get<T>(key: string): Promise<StoredRecord<T> | null> {
    return this.toRecord<T>(this.row(key), Date.now())
  }

  async getMany<T>(keys: string[]): Promise<Array<StoredRecord<T> | null>> {
    const now = Date.now()
    return keys.map((key) => this.toRecord<T>(this.row(key), now))
  }

  async list<T>(prefix: string, options: ListOptions = {}): Promise<ListPage<T>> {
    const limit = Math.max(1, Math.min(options.limit ?? MAX_LIST_LIMIT, MAX_LIST_LIMIT))
    const now = Date.now()
    // A range scan on the primary key (BINARY collation: UTF-8 byte order). Each bound is added
    // only when it exists, so SQLite can use every one of them to bound the scan.
    const bounds: string[] = ['key >= ?']
    const params: SqlStorageValue[] = [prefix]
    const upper = prefixUpperBound(prefix)
    if (upper !== null) {
      bounds.push('key < ?')
      params.push(upper)
    }
    if (options.after !== undefined) {
      bounds.push('key > ?')
      params.push(options.after)
    }
    const rows = this.ctx.storage.sql
      .exec<Row>(
        `SELECT * FROM records
          WHERE ${bounds.join(' AND ')}
            AND value IS NOT NULL AND (expires_at IS NULL OR expires_at > ?)
          ORDER BY key LIMIT ?`,
        ...params,
        now,
        limit + 1,
      )
      .toArray()
    const records = rows.slice(0, limit).map((row) => this.toRecord<T>(row, now) as StoredRecord<T>)
    return rows.length > limit ? { records, next: records[records.length - 1]!.key } : { records }
  }

  async commit(transaction: Transaction): Promise<CommitResult> {
    const now = Date.now()
    return this.ctx.storage.transactionSync((): CommitResult => {
      for (const expectation of transaction.expect ?? []) {
        if (this.liveVersion(this.row(expectation.key), now) !== expectation.version) {
          return { ok: false, conflict: expectation.key }
        }
      }
      const sql = this.ctx.storage.sql
      for (const key of transaction.delete ?? []) {
        sql.exec('UPDATE records SET value = NULL, version = version + 1, expires_at = NULL WHERE key = ?', key)
      }
      const versions: Record<string, number> = {}
      for (const put of transaction.put ?? []) {
        const version = (this.row(put.key)?.version ?? 0) + 1
        sql.exec(
          'INSERT OR REPLACE INTO records (key, value, version, expires_at) VALUES (?, ?, ?, ?)',
          put.key,
          JSON.stringify(put.value),
          version,
          put.expiresAt ?? null,
        )
        versions[put.key] = version
      }
      return { ok: true, versions }
    })
  }
}

/**
 * The least string above every string that starts with `prefix`, in code point order (which is
 * UTF-8 byte order), or null when none exists. Appending U+FFFF to the prefix is not enough: keys
 * with characters beyond the Basic Multilingual Plane (emoji in a username) sort above it.
 */
function prefixUpperBound(prefix: string): string | null {
  const codePoints = [...prefix]
  while (codePoints.length > 0) {
    // workerd hands strings to SQLite as WTF-8, so even a lone surrogate keeps its code point's place.
    const last = codePoints.pop()!.codePointAt(0)!
    if (last < 0x10ffff) return codePoints.join('') + String.fromCodePoint(last + 1)
  }
  return null
}
