import type { PortcullisError } from '../../errors/base'
import type { UserPoolServices } from '../services'
import { cachedPoolValue, commitToPool } from './cached-stores'

/** How one family of named records (clients, groups, providers, …) lives in a pool's store. */
export interface FamilySpec<T> {
  key(id: string): string
  prefix: string
  idOf(record: T): string
  /** Read through the per-isolate cache: for records read on the path of ordinary requests. */
  cached: boolean
  /** Thrown when `create` finds the id taken. */
  exists(id: string, poolId: string): PortcullisError
  /** Thrown when `replace` finds no record. */
  missing(id: string, poolId: string): PortcullisError
  /** Thrown when `replace` loses a race with another write. */
  conflict(id: string, poolId: string): PortcullisError
}

/** One family's records in a pool's store: the only way the domain reads or writes them. */
export interface RecordFamily<T> {
  find(services: UserPoolServices, poolId: string, id: string): Promise<T | null>
  /** Stores a new record; throws `exists` when its id is taken. */
  create(services: UserPoolServices, poolId: string, record: T): Promise<T>
  /**
   * Replaces a record with `change` of the stored one, by compare-and-set: throws `missing` when
   * there is none and `conflict` when another write came between (the caller's request failed,
   * as Cognito fails it; nothing is retried).
   */
  replace(
    services: UserPoolServices,
    poolId: string,
    id: string,
    change: (current: T) => T | Promise<T>,
  ): Promise<T>
  /** Stores `build` of the stored record (or of none), last writer wins. */
  put(
    services: UserPoolServices,
    poolId: string,
    id: string,
    build: (current: T | null) => T,
  ): Promise<T>
  remove(services: UserPoolServices, poolId: string, id: string): Promise<void>
  /** A page in id order; `next` is the last id of the page when more may follow. */
  list(
    services: UserPoolServices,
    poolId: string,
    limit: number,
    after: string | undefined,
  ): Promise<{ records: T[]; next?: string }>
}

export function recordFamily<T>(spec: FamilySpec<T>): RecordFamily<T> {
  const read = async (services: UserPoolServices, poolId: string, id: string) =>
    (await services.stores.pool(poolId).get<T>(spec.key(id))) ?? null
  return {
    async find(services, poolId, id) {
      if (spec.cached) return cachedPoolValue<T>(services, poolId, spec.key(id))
      return (await read(services, poolId, id))?.value ?? null
    },
    async create(services, poolId, record) {
      const key = spec.key(spec.idOf(record))
      const result = await commitToPool(services, poolId, {
        expect: [{ key, version: 0 }],
        put: [{ key, value: record }],
      })
      if (!result.ok) throw spec.exists(spec.idOf(record), poolId)
      return record
    },
    async replace(services, poolId, id, change) {
      const current = await read(services, poolId, id)
      if (!current) throw spec.missing(id, poolId)
      const next = await change(current.value)
      const result = await commitToPool(services, poolId, {
        expect: [{ key: current.key, version: current.version }],
        put: [{ key: current.key, value: next }],
      })
      if (!result.ok) throw spec.conflict(id, poolId)
      return next
    },
    async put(services, poolId, id, build) {
      const record = build((await read(services, poolId, id))?.value ?? null)
      await commitToPool(services, poolId, { put: [{ key: spec.key(id), value: record }] })
      return record
    },
    async remove(services, poolId, id) {
      await commitToPool(services, poolId, { delete: [spec.key(id)] })
    },
    async list(services, poolId, limit, after) {
      const page = await services.stores
        .pool(poolId)
        .list<T>(spec.prefix, { limit, ...(after ? { after: spec.key(after) } : {}) })
      const records = page.records.map((r) => r.value)
      return page.next ? { records, next: spec.idOf(records[records.length - 1]!) } : { records }
    },
  }
}
