import type { RecordStore } from '../../storage/record-store'
import type { RefreshTokenFamily, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { pickUser, userLookupKeys, userPartition, type LoadedUser } from './directory'
import { directoryKeys } from './directory-keys'

/**
 * Refresh-token families and authorization codes, in the partition of the user they were issued
 * to (the partition is part of the token, so it is found without a lookup). Callers ask for what
 * they mean (rotate, consume, revoke); versions stay in here.
 */

/** A record as read, to be changed only if nobody changed it since. */
export interface Held<T> {
  readonly value: T
  readonly store: RecordStore
  readonly key: string
  readonly version: number
}

async function readHeld<T>(store: RecordStore, key: string): Promise<Held<T> | null> {
  const record = await store.get<T>(key)
  return record ? { value: record.value, store, key, version: record.version } : null
}

const familyPut = (family: RefreshTokenFamily) => ({
  key: directoryKeys.refreshFamily(family.originJti),
  value: family,
  expiresAt: family.expiresAt,
})

/** Stores a new family (at sign-in) in the partition of its user. */
export async function storeRefreshFamily(
  services: UserPoolServices,
  pool: UserPoolConfig,
  family: RefreshTokenFamily,
): Promise<void> {
  const put = familyPut(family)
  await services.stores
    .directory(pool.Id, userPartition(pool, family.username))
    .commit({ expect: [{ key: put.key, version: 0 }], put: [put] })
}

/** The family a refresh token names, as read now. */
export function readRefreshFamily(
  services: UserPoolServices,
  pool: UserPoolConfig,
  partition: number,
  originJti: string,
): Promise<Held<RefreshTokenFamily> | null> {
  return readHeld(
    services.stores.directory(pool.Id, partition),
    directoryKeys.refreshFamily(originJti),
  )
}

/** Replaces a family with its rotation unless it changed since it was read; false if it did. */
export async function rotateRefreshToken(
  held: Held<RefreshTokenFamily>,
  rotated: RefreshTokenFamily,
): Promise<boolean> {
  const result = await held.store.commit({
    expect: [{ key: held.key, version: held.version }],
    put: [familyPut(rotated)],
  })
  return result.ok
}

/** Marks a family revoked, whatever happened to it meanwhile: revocation always wins. */
export async function revokeHeldFamily(held: Held<RefreshTokenFamily>): Promise<void> {
  await held.store.commit({ put: [familyPut({ ...held.value, revoked: true })] })
}

/** One round trip to a user's partition for the user and one of its refresh-token families. */
export async function loadUserAndRefreshFamily(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  originJti: string,
): Promise<{ loaded: LoadedUser | null; family: RefreshTokenFamily | undefined }> {
  const store = services.stores.directory(pool.Id, userPartition(pool, username))
  const userKeys = userLookupKeys(pool, username)
  const records = await store.getMany<unknown>([
    ...userKeys,
    directoryKeys.refreshFamily(originJti),
  ])
  const family = records[userKeys.length]?.value as RefreshTokenFamily | undefined
  return { loaded: pickUser(pool, username, store, records.slice(0, userKeys.length)), family }
}

/** What an authorization code must have for the directory to store it. */
interface StoredCode {
  username: string
  expiresAt: number
  redeemedFamily?: string
}

/** Stores a new code by the hash of its secret, kept until `keepUntil` to recognise replays. */
export async function recordAuthorizationCode<C extends StoredCode>(
  services: UserPoolServices,
  pool: UserPoolConfig,
  partition: number,
  secretHash: string,
  code: C,
  keepUntil: number,
): Promise<void> {
  const key = directoryKeys.authorizationCode(secretHash)
  await services.stores.directory(pool.Id, partition).commit({
    expect: [{ key, version: 0 }],
    put: [{ key, value: code, expiresAt: keepUntil }],
  })
}

/** The code a secret names, as read now. */
export function readAuthorizationCode<C extends StoredCode>(
  services: UserPoolServices,
  pool: UserPoolConfig,
  partition: number,
  secretHash: string,
): Promise<Held<C> | null> {
  return readHeld<C>(
    services.stores.directory(pool.Id, partition),
    directoryKeys.authorizationCode(secretHash),
  )
}

/**
 * Redeems a code exactly once: marks it redeemed by `family` and stores the family, in one commit
 * that fails (false) if the code changed since it was read, so two redemptions cannot both win.
 */
export async function consumeAuthorizationCode<C extends StoredCode>(
  held: Held<C>,
  family: RefreshTokenFamily,
  keepUntil: number,
): Promise<boolean> {
  const put = familyPut(family)
  const result = await held.store.commit({
    expect: [
      { key: held.key, version: held.version },
      { key: put.key, version: 0 },
    ],
    put: [
      {
        key: held.key,
        value: { ...held.value, redeemedFamily: family.originJti },
        expiresAt: keepUntil,
      },
      put,
    ],
  })
  return result.ok
}

/** A replayed code: the family its first redemption created is revoked. */
export async function revokeFamilyOfCode<C extends StoredCode>(held: Held<C>): Promise<void> {
  if (held.value.redeemedFamily === undefined) return
  const family = await readHeld<RefreshTokenFamily>(
    held.store,
    directoryKeys.refreshFamily(held.value.redeemedFamily),
  )
  if (family) await revokeHeldFamily(family)
}
