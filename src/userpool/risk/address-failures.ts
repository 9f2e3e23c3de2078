import { toBase64Url } from '../../crypto/encoding'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { keyedStore, normalizeUsername } from '../store/directory'
import { directoryKeys } from '../store/directory-keys'

/** The window in which failures count towards velocity and spraying. */
export const FAILURE_WINDOW_MS = 15 * 60_000
/** At most this many accounts are remembered per address: enough to see spraying, bounded. */
const MAX_ACCOUNTS = 50

/** Failed sign-ins from one address: the hash of each account name tried, with the last time. */
interface AddressFailures {
  accounts: Record<string, number>
}

/** An account name as kept per address: hashed, so the record never holds names that do not exist. */
async function accountTag(pool: UserPoolConfig, name: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${pool.Id}|${normalizeUsername(pool, name)}`),
  )
  return toBase64Url(new Uint8Array(digest).subarray(0, 12))
}

const live = (failures: AddressFailures | undefined, now: number): Record<string, number> =>
  Object.fromEntries(
    Object.entries(failures?.accounts ?? {}).filter(([, at]) => at > now - FAILURE_WINDOW_MS),
  )

/**
 * Counts a failed sign-in at `name` (known or not) from `address`, by compare-and-set so a burst
 * of parallel attempts from one address is counted attempt by attempt.
 */
export async function recordAddressFailure(
  services: UserPoolServices,
  pool: UserPoolConfig,
  address: string,
  name: string,
): Promise<void> {
  const key = directoryKeys.addressFailures(address)
  const store = keyedStore(services, pool, key)
  const tag = await accountTag(pool, name)
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = services.now()
    const current = await store.get<AddressFailures>(key)
    const accounts = { ...live(current?.value, now), [tag]: now }
    const kept = Object.entries(accounts)
      .sort(([, a], [, b]) => b - a)
      .slice(0, MAX_ACCOUNTS)
    const result = await store.commit({
      expect: [{ key, version: current?.version ?? 0 }],
      put: [
        { key, value: { accounts: Object.fromEntries(kept) }, expiresAt: now + FAILURE_WINDOW_MS },
      ],
    })
    if (result.ok) return
  }
}

/** How many distinct accounts failed from `address` in the window. */
export async function addressFailedAccounts(
  services: UserPoolServices,
  pool: UserPoolConfig,
  address: string,
): Promise<number> {
  const key = directoryKeys.addressFailures(address)
  const current = await keyedStore(services, pool, key).get<AddressFailures>(key)
  return Object.keys(live(current?.value, services.now())).length
}
