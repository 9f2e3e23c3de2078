import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { directoryKeys } from './directory-keys'
import { eachPartition, pageAcrossPartitions, type PartitionCursor } from './partition-walk'

/** EstimatedNumberOfUsers: every partition counts its user records (an index range count each). */
export async function countUsers(
  services: UserPoolServices,
  pool: UserPoolConfig,
): Promise<number> {
  const counts = await eachPartition(services, pool, (store) =>
    store.count(directoryKeys.userPrefix),
  )
  return counts.reduce((sum, n) => sum + n, 0)
}

/** Pages through every user of a pool, partition by partition. `cursor` is opaque to callers. */
export async function listUserPage(
  services: UserPoolServices,
  pool: UserPoolConfig,
  cursor: PartitionCursor | undefined,
  limit: number,
): Promise<{ users: UserRecord[]; next?: PartitionCursor }> {
  const page = await pageAcrossPartitions<UserRecord, UserRecord>(
    services,
    pool,
    directoryKeys.userPrefix,
    cursor,
    limit,
    async (_store, records) => records.map((record) => record.value),
  )
  return page.next ? { users: page.items, next: page.next } : { users: page.items }
}

/** Empties a deleted pool's directory: every partition at once, a page of keys per commit. */
export async function clearDirectory(
  services: UserPoolServices,
  pool: UserPoolConfig,
): Promise<void> {
  await eachPartition(services, pool, async (store) => {
    for (;;) {
      const page = await store.list<unknown>('', { limit: 200 })
      if (page.records.length === 0) return
      await store.commit({ delete: page.records.map((r) => r.key) })
    }
  })
}
