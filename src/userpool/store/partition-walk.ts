import type { RecordStore, StoredRecord } from '../../storage/record-store'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

/** Where a paged walk over a pool's partitions goes on: a partition, and the last key read in it. */
export interface PartitionCursor {
  partition: number
  after?: string
}

/** The directory stores of a pool, partition by partition. */
function partitionStores(services: UserPoolServices, pool: UserPoolConfig): RecordStore[] {
  return Array.from({ length: pool.partitions }, (_, partition) =>
    services.stores.directory(pool.Id, partition),
  )
}

/** Visits every partition of a pool at once and gathers what each visit returns, in order. */
export function eachPartition<T>(
  services: UserPoolServices,
  pool: UserPoolConfig,
  visit: (store: RecordStore) => Promise<T>,
): Promise<T[]> {
  return Promise.all(partitionStores(services, pool).map(visit))
}

/**
 * One page of the records under `prefix` across a pool's partitions, in partition order then key
 * order. `resolve` turns the records of one list call into results (one batched read at most: it
 * gets a whole page, never one record at a time) and may drop some; the walk goes on until `limit`
 * results are in or the last partition is done. `next` is where the following page starts.
 */
export async function pageAcrossPartitions<R, T>(
  services: UserPoolServices,
  pool: UserPoolConfig,
  prefix: string,
  cursor: PartitionCursor | undefined,
  limit: number,
  resolve: (store: RecordStore, records: Array<StoredRecord<R>>) => Promise<T[]>,
): Promise<{ items: T[]; next?: PartitionCursor }> {
  const stores = partitionStores(services, pool)
  let partition = cursor?.partition ?? 0
  let after = cursor?.after
  const items: T[] = []
  while (partition < stores.length && items.length < limit) {
    const store = stores[partition]!
    const page = await store.list<R>(prefix, {
      limit: limit - items.length,
      ...(after !== undefined ? { after } : {}),
    })
    items.push(...(await resolve(store, page.records)))
    if (page.next) after = page.next
    else {
      partition++
      after = undefined
    }
  }
  if (partition >= stores.length) return { items }
  return { items, next: after !== undefined ? { partition, after } : { partition } }
}
