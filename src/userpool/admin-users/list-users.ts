import { InvalidParameterException } from '../../errors/cognito'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { matchesFilter, parseUserFilter } from './list-filter'

interface Cursor {
  partition: number
  after?: string
}

const TOKEN_PURPOSE = 'list-users'
/** Records read per store call while filtering. */
const SCAN_BATCH = 100

/**
 * ListUsers: walks the pool's partitions in order, filtering as it goes, until `limit` users are
 * found. The pagination token is the sealed cursor (partition and last key), bound to the pool and
 * the filter, so it can be neither forged nor replayed against another query.
 */
export async function listUsers(
  services: UserPoolServices,
  pool: UserPoolConfig,
  options: { filter?: string; limit: number; token?: string },
): Promise<{ users: UserRecord[]; token?: string }> {
  const filter = parseUserFilter(options.filter)
  const context = `${pool.Id}|${options.filter ?? ''}`
  let cursor: Cursor = { partition: 0 }
  if (options.token !== undefined) {
    const opened = await services.sealer.open<Cursor>(TOKEN_PURPOSE, options.token, context)
    if (!opened || !Number.isInteger(opened.partition) || opened.partition < 0) throw new InvalidParameterException('Invalid pagination token.')
    cursor = opened
  }
  const users: UserRecord[] = []
  let { partition, after } = cursor
  while (partition < pool.partitions && users.length < options.limit) {
    const page = await services.stores.directory(pool.Id, partition).list<UserRecord>('user:', { limit: filter ? SCAN_BATCH : options.limit - users.length, ...(after !== undefined ? { after } : {}) })
    for (const record of page.records) {
      if (!matchesFilter(record.value, filter)) continue
      users.push(record.value)
      if (users.length === options.limit) {
        const last = record === page.records[page.records.length - 1] && !page.next
        const resume: Cursor | undefined = last ? (partition + 1 < pool.partitions ? { partition: partition + 1 } : undefined) : { partition, after: record.key }
        return resume ? { users, token: await services.sealer.seal(TOKEN_PURPOSE, resume, context) } : { users }
      }
    }
    if (page.next) after = page.next
    else {
      partition++
      after = undefined
    }
  }
  return partition < pool.partitions ? { users, token: await services.sealer.seal(TOKEN_PURPOSE, { partition, ...(after !== undefined ? { after } : {}) }, context) } : { users }
}
