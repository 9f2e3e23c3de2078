import { toBase64Url } from '../../crypto/encoding'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { keyedStore, normalizeUsername } from '../store/directory'
import { directoryKeys } from '../store/directory-keys'

/** The window in which failures count towards velocity and spraying. */
export const FAILURE_WINDOW_MS = 15 * 60_000
/** An account name as kept per address: hashed, so the store never holds names that do not exist. */
async function accountTag(pool: UserPoolConfig, name: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${pool.Id}|${normalizeUsername(pool, name)}`),
  )
  return toBase64Url(new Uint8Array(digest).subarray(0, 12))
}

/** The store that holds every failure record of `address` (one partition per address). */
const addressStore = (services: UserPoolServices, pool: UserPoolConfig, address: string) =>
  keyedStore(services, pool, directoryKeys.addressFailures(address))

/**
 * Counts a failed sign-in at `name` (known or not) from `address`: one record per address and
 * account, written blind (no read, no expectation) and living for the failure window. A burst of
 * parallel attempts therefore cannot lose a count to a race, as a shared counter updated by
 * compare-and-set could once its retries ran out; the same account again only renews its record.
 */
export async function recordAddressFailure(
  services: UserPoolServices,
  pool: UserPoolConfig,
  address: string,
  name: string,
): Promise<void> {
  const key = directoryKeys.addressFailure(address, await accountTag(pool, name))
  const now = services.now()
  await addressStore(services, pool, address).commit({
    put: [{ key, value: { at: now }, expiresAt: now + FAILURE_WINDOW_MS }],
  })
}

/** How many distinct accounts failed from `address` in the window (expired records are not counted). */
export async function addressFailedAccounts(
  services: UserPoolServices,
  pool: UserPoolConfig,
  address: string,
): Promise<number> {
  return addressStore(services, pool, address).count(directoryKeys.addressFailurePrefix(address))
}
