import { InvalidParameterException } from '../../errors/cognito'
import type { listUserPage } from '../directory'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

/** Where the next page starts, as the directory walks a pool's partitions. */
export type ListCursor = NonNullable<Parameters<typeof listUserPage>[2]>

interface TokenBody {
  cursor: ListCursor
  /** The filter the token was issued for: a token continues one query only. */
  filter: string
  issuedAt: number
}

const PURPOSE = 'list-users'
/** Cognito expires ListUsers pagination tokens after an hour. */
const LIFETIME_MS = 3_600_000

/** Seals a cursor into an opaque PaginationToken bound to the pool (and the query's filter). */
export function sealListToken(
  services: UserPoolServices,
  pool: UserPoolConfig,
  cursor: ListCursor,
  filter: string,
): Promise<string> {
  const body: TokenBody = { cursor, filter, issuedAt: services.now() }
  return services.sealer.seal(PURPOSE, body, pool.Id)
}

/** Opens a PaginationToken; anything we did not issue for this pool and filter, or too old, is refused. */
export async function openListToken(
  services: UserPoolServices,
  pool: UserPoolConfig,
  token: string,
  filter: string,
): Promise<ListCursor> {
  const body = await services.sealer.open<TokenBody>(PURPOSE, token, pool.Id)
  const cursor = body?.cursor
  const wellFormed =
    cursor &&
    Number.isInteger(cursor.partition) &&
    cursor.partition >= 0 &&
    cursor.partition < pool.partitions &&
    (cursor.after === undefined || typeof cursor.after === 'string')
  if (!body || !wellFormed) throw new InvalidParameterException('Invalid pagination token.')
  if (body.filter !== filter)
    throw new InvalidParameterException('The pagination token was issued for a different filter.')
  if (body.issuedAt + LIFETIME_MS < services.now())
    throw new InvalidParameterException('The pagination token has expired.')
  return cursor
}
