import { InvalidParameterException } from '../../errors/cognito'
import { listUserPage } from '../store/user-listing'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { matchesFilter, parseUserFilter, type UserFilter } from './list-filter'

/** Users read per directory call while filtering. */
const SCAN_BATCH = 100
/**
 * Users one filtered request reads at most. A sparse filter over a large pool then answers with a
 * short (even empty) page and a token instead of one unbounded scan, as Cognito allows.
 */
const MAX_SCANNED = 1000

/** Where the next page starts, as the directory walks a pool's partitions. */
type ListCursor = NonNullable<Parameters<typeof listUserPage>[2]>

export interface ListUsersOptions {
  filter?: string
  limit: number
  /** Where the previous page stopped (the caller carries it between requests, sealed). */
  cursor?: ListCursor
  attributesToGet?: string[]
}

/**
 * ListUsers: walks the pool's partitions in order, filtering as it goes, until `limit` users are
 * found. `next` is the exact position after the last user returned, so a chain of pages returns
 * every (matching) user once.
 */
export async function listUsers(
  services: UserPoolServices,
  pool: UserPoolConfig,
  options: ListUsersOptions,
): Promise<{ users: UserRecord[]; next?: ListCursor }> {
  checkAttributesToGet(pool, options.attributesToGet)
  const filter = parseUserFilter(options.filter)
  let cursor = options.cursor
  const users: UserRecord[] = []
  let scanned = 0
  while (users.length < options.limit && scanned < MAX_SCANNED) {
    const need = options.limit - users.length
    const step = await readMatches(services, pool, cursor, filter ? SCAN_BATCH : need, need, filter)
    users.push(...step.users)
    scanned += step.scanned
    if (!step.next) return { users }
    cursor = step.next
  }
  return { users, ...(cursor ? { next: cursor } : {}) }
}

/**
 * Reads up to `size` users from `cursor` and keeps the matching ones. When more than `need` match,
 * it reads again only up to the `need`-th match, so the cursor it returns sits right after the
 * last user handed out and the next page neither skips nor repeats anyone.
 */
async function readMatches(
  services: UserPoolServices,
  pool: UserPoolConfig,
  cursor: ListCursor | undefined,
  size: number,
  need: number,
  filter: UserFilter | undefined,
): Promise<{ users: UserRecord[]; next?: ListCursor; scanned: number }> {
  const page = await listUserPage(services, pool, cursor, size)
  const hits = page.users.flatMap((user, index) =>
    matchesFilter(pool, user, filter) ? [index] : [],
  )
  if (hits.length <= need)
    return {
      users: hits.map((i) => page.users[i]!),
      ...(page.next ? { next: page.next } : {}),
      scanned: page.users.length,
    }
  return readMatches(services, pool, cursor, hits[need - 1]! + 1, need, filter)
}

/** AttributesToGet may name only attributes the pool has (and `sub`). */
function checkAttributesToGet(pool: UserPoolConfig, names: string[] | undefined): void {
  for (const name of names ?? []) {
    if (name !== 'sub' && !pool.SchemaAttributes.some((a) => a.Name === name))
      throw new InvalidParameterException(
        `One or more requested attributes do not exist: ${name.slice(0, 64)}`,
      )
  }
}
