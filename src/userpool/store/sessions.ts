import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { userPartition } from './directory'
import { directoryKeys } from './directory-keys'

/**
 * Short-lived sign-in records in the user's partition: hosted-UI sessions (by the hash of the
 * cookie's secret; the partition travels in the cookie) and used one-time nonces (SRP secret
 * blocks, CUSTOM_AUTH Sessions).
 */

/** Stores or refreshes a hosted-UI session, kept until `keepUntil` (its absolute end). */
export async function recordSsoSession<S>(
  services: UserPoolServices,
  pool: UserPoolConfig,
  partition: number,
  secretHash: string,
  session: S,
  keepUntil: number,
): Promise<void> {
  await services.stores.directory(pool.Id, partition).commit({
    put: [{ key: directoryKeys.ssoSession(secretHash), value: session, expiresAt: keepUntil }],
  })
}

/** The hosted-UI session a cookie's secret names, or null. */
export async function readSsoSession<S>(
  services: UserPoolServices,
  pool: UserPoolConfig,
  partition: number,
  secretHash: string,
): Promise<S | null> {
  const record = await services.stores
    .directory(pool.Id, partition)
    .get<S>(directoryKeys.ssoSession(secretHash))
  return record?.value ?? null
}

/** Forgets a hosted-UI session (logout). */
export async function forgetSsoSession(
  services: UserPoolServices,
  pool: UserPoolConfig,
  partition: number,
  secretHash: string,
): Promise<void> {
  await services.stores
    .directory(pool.Id, partition)
    .commit({ delete: [directoryKeys.ssoSession(secretHash)] })
}

/**
 * Claims a one-time nonce (an SRP secret block's, a CUSTOM_AUTH Session's) for `username` until
 * `keepUntil`: true the first time, false for every replay.
 */
export async function claimSrpNonce(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  nonce: string,
  keepUntil: number,
): Promise<boolean> {
  const key = directoryKeys.srpNonce(nonce)
  const result = await services.stores
    .directory(pool.Id, userPartition(pool, username))
    .commit({ expect: [{ key, version: 0 }], put: [{ key, value: true, expiresAt: keepUntil }] })
  return result.ok
}
