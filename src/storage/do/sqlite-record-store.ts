import { DurableObject } from 'cloudflare:workers'
import type {
  CommitResult,
  ListOptions,
  ListPage,
  RecordStore,
  StoredRecord,
  Transaction,
} from '../record-store'
import { MAX_LIST_LIMIT } from '../record-store'

interface Row extends Record<string, SqlStorageValue> {
  key: string
  value: string | null
  version: number
  expires_at: number | null
}

/** Record stores need no bindings; the type says so. */
type NoBindings = Record<string, never>

/**
 * The RecordStore contract on a SQLite-backed Durable Object. Every method runs synchronously
 * inside the object, so each call is atomic and isolated without explicit locking; a commit is one
 * `transactionSync`. Deleted keys leave a tombstone (value NULL) so versions never repeat.
 */

export abstract class SqliteRecordStore extends DurableObject<NoBindings> implements RecordStore {
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
    // `version_floor`: the highest version of any row `prune` removed; new keys start above it.
    ctx.storage.sql.exec(
      'CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)',
    )
  }

  /** Whether a cleanup alarm is known to be set in this instance's lifetime (saves a read per commit). */
  private cleanupScheduled = false

  private versionFloor(): number {
    return (
      this.ctx.storage.sql
        .exec<{ value: number }>("SELECT value FROM store_meta WHERE name = 'version_floor'")
        .toArray()[0]?.value ?? 0
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
    const { bounds, params } = prefixRange(prefix)
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
    const result = this.ctx.storage.transactionSync((): CommitResult => {
      for (const expectation of transaction.expect ?? []) {
        if (this.liveVersion(this.row(expectation.key), now) !== expectation.version) {
          return { ok: false, conflict: expectation.key }
        }
      }
      const sql = this.ctx.storage.sql
      for (const key of transaction.delete ?? []) {
        sql.exec(
          'UPDATE records SET value = NULL, version = version + 1, expires_at = NULL WHERE key = ?',
          key,
        )
      }
      const versions: Record<string, number> = {}
      for (const put of transaction.put ?? []) {
        const version = (this.row(put.key)?.version ?? this.versionFloor()) + 1
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
    const leavesGarbage =
      (transaction.delete ?? []).length > 0 ||
      (transaction.put ?? []).some((put) => put.expiresAt !== undefined)
    if (result.ok && leavesGarbage) await this.scheduleCleanup(CLEANUP_DELAY_MS)
    return result
  }

  async count(prefix: string): Promise<number> {
    const { bounds, params } = prefixRange(prefix)
    const [row] = this.ctx.storage.sql
      .exec<{ n: number }>(
        `SELECT COUNT(*) AS n FROM records WHERE ${bounds.join(' AND ')} AND value IS NOT NULL AND (expires_at IS NULL OR expires_at > ?)`,
        ...params,
        Date.now(),
      )
      .toArray()
    return row?.n ?? 0
  }

  async prune(): Promise<number> {
    const now = Date.now()
    return this.ctx.storage.transactionSync(() => {
      const sql = this.ctx.storage.sql
      const dead = 'value IS NULL OR (expires_at IS NOT NULL AND expires_at <= ?)'
      const [stats] = sql
        .exec<{ n: number; top: number | null }>(
          `SELECT COUNT(*) AS n, MAX(version) AS top FROM records WHERE ${dead}`,
          now,
        )
        .toArray()
      if (!stats || stats.n === 0) return 0
      sql.exec(
        "INSERT INTO store_meta (name, value) VALUES ('version_floor', ?) ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)",
        stats.top ?? 0,
      )
      sql.exec(`DELETE FROM records WHERE ${dead}`, now)
      return stats.n
    })
  }

  /**
   * The cleanup alarm: forgets what is dead now, then comes back when the next record expires (but
   * not sooner than the cleanup delay, so busy objects clean up in batches).
   */
  override async alarm(): Promise<void> {
    this.cleanupScheduled = false
    await this.prune()
    const [next] = this.ctx.storage.sql
      .exec<{ at: number | null }>(
        'SELECT MIN(expires_at) AS at FROM records WHERE expires_at IS NOT NULL',
      )
      .toArray()
    if (next?.at != null)
      await this.scheduleCleanup(Math.max(next.at - Date.now(), CLEANUP_DELAY_MS))
  }

  private async scheduleCleanup(delayMs: number): Promise<void> {
    if (this.cleanupScheduled) return
    this.cleanupScheduled = true
    if ((await this.ctx.storage.getAlarm()) === null)
      await this.ctx.storage.setAlarm(Date.now() + delayMs)
  }
}

/** How long garbage may wait before a cleanup alarm removes it. */
const CLEANUP_DELAY_MS = 60 * 60 * 1000

/** SQL bounds selecting the keys that start with `prefix`, as a range scan on the primary key. */
function prefixRange(prefix: string): { bounds: string[]; params: SqlStorageValue[] } {
  // Each bound is added only when it exists, so SQLite can use every one of them to bound the scan
  // (BINARY collation: UTF-8 byte order).
  const bounds: string[] = ['key >= ?']
  const params: SqlStorageValue[] = [prefix]
  const upper = prefixUpperBound(prefix)
  if (upper !== null) {
    bounds.push('key < ?')
    params.push(upper)
  }
  return { bounds, params }
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
