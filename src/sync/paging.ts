import { InvalidParameterException } from '../errors/sync'
import type { SyncServices } from './services'

/**
 * NextToken of the sync listings: the last key of a page, sealed and bound to what is listed (the
 * operation, the identity, the dataset), so a token continues only the listing it came from and
 * says nothing of how data is stored. Tokens live an hour, as the other listings' do.
 */

const PURPOSE = 'sync-page-token'
const LIFETIME_MS = 3_600_000

interface TokenBody {
  after: string
  issuedAt: number
}

export async function sealPageToken(
  services: SyncServices,
  listing: string[],
  after: string | undefined,
): Promise<string | undefined> {
  if (after === undefined) return undefined
  const body: TokenBody = { after, issuedAt: services.now() }
  return services.sealer.seal(PURPOSE, body, JSON.stringify(listing))
}

/** Where a listing resumes, or undefined without a token; a token not ours for it is InvalidParameterException. */
export async function openPageToken(
  services: SyncServices,
  listing: string[],
  token: string | undefined,
): Promise<string | undefined> {
  if (token === undefined) return undefined
  const body = await services.sealer.open<TokenBody>(PURPOSE, token, JSON.stringify(listing))
  if (!body || typeof body.after !== 'string' || typeof body.issuedAt !== 'number')
    throw new InvalidParameterException('Invalid pagination token.')
  if (body.issuedAt + LIFETIME_MS < services.now())
    throw new InvalidParameterException('The pagination token has expired.')
  return body.after
}

/** A page size as asked, within `[1, max]`; the default when none (or nonsense) is asked. */
export function pageSize(asked: number | undefined, fallback: number, max: number): number {
  if (asked === undefined || asked < 1) return fallback
  return Math.min(asked, max)
}
