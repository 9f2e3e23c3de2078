import { InvalidParameterException } from '../errors/cognito'
import type { UserPoolServices } from '../userpool/services'

/**
 * The query a page token continues: one list operation on one pool, with the request parameters
 * that choose what is listed (a filter, a group, a user). A token continues that query only; the
 * page size is not part of it and may change from page to page, as in Cognito.
 */
export interface PagedQuery {
  operation: string
  /** The pool listed; empty for ListUserPools, which lists the pools themselves. */
  poolId: string
  params?: Record<string, string>
}

/** Where the next page starts, as a domain list function returns it. */
export type PageCursor = string | PartitionCursor

/** A position in a listing that walks a pool's directory partitions in order. */
export interface PartitionCursor {
  partition: number
  after?: string
}

interface TokenBody {
  cursor: PageCursor
  issuedAt: number
}

const PURPOSE = 'page-token'
/** Cognito expires ListUsers pagination tokens after an hour; every list operation does here. */
const LIFETIME_MS = 3_600_000

/** The query as associated data: a token sealed for one query does not open for another. */
function binding(query: PagedQuery): string {
  const params = Object.entries(query.params ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))
  return JSON.stringify([query.operation, query.poolId, params])
}

/**
 * The opaque NextToken (or PaginationToken) for `cursor`, or undefined on the last page: the
 * cursor sealed with the Sealer, bound to the query and stamped with the time it was issued.
 */
export async function sealPageToken(
  services: UserPoolServices,
  query: PagedQuery,
  cursor: PageCursor | undefined,
): Promise<string | undefined> {
  if (cursor === undefined) return undefined
  const body: TokenBody = { cursor, issuedAt: services.now() }
  return services.sealer.seal(PURPOSE, body, binding(query))
}

/**
 * The cursor a token carries, or undefined when the request has none. A token we did not seal
 * for this query (another operation, pool or filter), tampered with, of the wrong shape or older
 * than an hour is InvalidParameterException.
 */
export async function openPageToken<C extends PageCursor>(
  services: UserPoolServices,
  query: PagedQuery,
  token: string | undefined,
  isCursor: (value: unknown) => value is C,
): Promise<C | undefined> {
  if (token === undefined) return undefined
  const body = await services.sealer.open<TokenBody>(PURPOSE, token, binding(query))
  if (!body || !isCursor(body.cursor) || typeof body.issuedAt !== 'number')
    throw new InvalidParameterException('Invalid pagination token.')
  if (body.issuedAt + LIFETIME_MS < services.now())
    throw new InvalidParameterException('The pagination token has expired.')
  return body.cursor
}

/** A cursor that is the last key (a name or an id) of the previous page. */
export const isKeyCursor = (value: unknown): value is string =>
  typeof value === 'string' && value !== ''

/** A cursor into a pool with `partitions` directory partitions. */
export const isPartitionCursor =
  (partitions: number) =>
  (value: unknown): value is PartitionCursor => {
    if (typeof value !== 'object' || value === null) return false
    const { partition, after } = value as Record<string, unknown>
    return (
      Number.isInteger(partition) &&
      (partition as number) >= 0 &&
      (partition as number) < partitions &&
      (after === undefined || typeof after === 'string')
    )
  }
