import { InvalidParameterException } from '../../errors/cognito'
import { listUserPage } from '../directory'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { matchesFilter, parseUserFilter, type UserFilter } from './list-filter'
import { openListToken, sealListToken, type ListCursor } from './list-token'

/** Users read per directory call while filtering. */
const SCAN_BATCH = 100
/**
 * Users one filtered request reads at most. A sparse filter over a large pool then answers with a
 * short (even empty) page and a token instead of one unbounded scan, as Cognito allows.
 */
const MAX_SCANNED = 1000

export interface ListUsersOptions {
  filter?: string
  limit: number
  token?: string
  attributesToGet?: string[]
}

/**
 * ListUsers: walks the pool's partitions in order, filtering as it goes, until `limit` users are
 * found. The token carries the exact position after the last user returned, so a chain of pages
 * returns every (matching) user once.
 */
export async function listUsers(
  services: UserPoolServices,
  pool: UserPoolConfig,
  options: ListUsersOptions,
): Promise<{ users: UserRecord[]; token?: string }> {
  checkAttributesToGet(pool, options.attributesToGet)
  const filter = parseUserFilter(options.filter)
  const filterText = filter ? (options.filter ?? '') : ''
  let cursor: ListCursor | undefined =
    options.token !== undefined
      ? await openListToken(services, pool, options.token, filterText)
      : undefined
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
  return {
    users,
    ...(cursor ? { token: await sealListToken(services, pool, cursor, filterText) } : {}),
  }
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
