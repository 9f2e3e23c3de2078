import { UserNotFoundException } from '../../errors/cognito'
import type { RecordStore, StoredRecord } from '../../storage/record-store'
import type { AliasAttribute, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { directoryKeys } from './directory-keys'
import { partitionOf } from '../../storage/partitions'

/**
 * Finding users in the user directory of one pool (writes are in users.ts and aliases.ts). The
 * directory is spread over `pool.partitions` stores by a hash of the key being looked up: a user
 * lives in the partition of its case-folded username, an alias entry (email → username) or a
 * provider link in the partition of its own key. Cross-partition writes are ordered so that a failure
 * leaves at worst an alias pointing at nobody, which lookups ignore and the next claim overwrites.
 *
 * Names and keys: in a case-insensitive pool a local user is filed under its folded name, so every
 * spelling finds it. A federated user (`{ProviderName}_{sub}`, status EXTERNAL_PROVIDER) is filed
 * under its exact name, because upstream subjects are case-sensitive: `Upstream_Alice` and
 * `Upstream_alice` are two people. Both kinds live in the partition of the folded name, so a lookup
 * reads the exact and the folded key from one store in one call and takes the first record that
 * answers to the name (see answersTo).
 */

export function normalizeUsername(pool: UserPoolConfig, username: string): string {
  // Case-insensitive pools compare usernames in lower case; the stored record keeps the original.
  return pool.UsernameConfiguration?.CaseSensitive === false ? username.toLowerCase() : username
}

/** Aliases (email, phone) always compare case-insensitively, as Cognito does for email. */
export function normalizeAlias(attribute: string, value: string): string {
  return attribute === 'phone_number' ? value : value.toLowerCase()
}

/** A user who signed up through an identity provider: its name is the upstream's, case and all. */
export const isFederated = (user: UserRecord): boolean => user.status === 'EXTERNAL_PROVIDER'

/** A name as `user` compares names: exactly for a federated user, folded where the pool folds. */
export function nameAsComparedBy(pool: UserPoolConfig, user: UserRecord, name: string): string {
  return isFederated(user) ? name : normalizeUsername(pool, name)
}

/**
 * Whether a user answers to a name: its exact name always; another spelling only for a local user
 * of a case-insensitive pool.
 */
function answersTo(pool: UserPoolConfig, user: UserRecord, name: string): boolean {
  return nameAsComparedBy(pool, user, user.username) === nameAsComparedBy(pool, user, name)
}

/** The name a new user's record is filed under: exact for a federated user, folded otherwise. */
export const filedName = (pool: UserPoolConfig, user: UserRecord): string =>
  isFederated(user) ? user.username : normalizeUsername(pool, user.username)

const userKey = directoryKeys.user

/** The partition a user lives in, whatever its kind: that of its folded name's key. */
export function userPartition(pool: UserPoolConfig, username: string): number {
  return partitionOf(userKey(normalizeUsername(pool, username)), pool.partitions)
}

/**
 * The keys a lookup by name reads, in the user's partition: the exact name first, then the folded
 * one (a single key where they are the same). Read them in one call and pick with pickUser.
 */
export function userLookupKeys(pool: UserPoolConfig, username: string): string[] {
  const exact = userKey(username)
  const folded = userKey(normalizeUsername(pool, username))
  return exact === folded ? [exact] : [exact, folded]
}

/** The user a lookup by name finds among the records read at userLookupKeys (same order). */
export function pickUser(
  pool: UserPoolConfig,
  username: string,
  store: RecordStore,
  records: ReadonlyArray<StoredRecord<unknown> | null>,
): LoadedUser | null {
  for (const record of records) {
    if (!record) continue
    const user = record.value as UserRecord
    if (answersTo(pool, user, username))
      return { user, version: record.version, store, key: record.key }
  }
  return null
}

export interface LoadedUser {
  user: UserRecord
  version: number
  store: RecordStore
  /** The key the record is stored under (it never moves). */
  key: string
}

/** The name a loaded user's record is filed under (the last part of its key). */
export const filedNameOf = (loaded: LoadedUser): string =>
  loaded.key.slice(directoryKeys.userPrefix.length)

export function userStore(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): RecordStore {
  return services.stores.directory(pool.Id, userPartition(pool, username))
}

/** The store of a key filed by the key itself (aliases, provider links), not by a user. */
export function keyedStore(
  services: UserPoolServices,
  pool: UserPoolConfig,
  key: string,
): RecordStore {
  return services.stores.directory(pool.Id, partitionOf(key, pool.partitions))
}

/** Looks a user up by username: the user that answers to it (see answersTo), or null. */
export async function getUserByUsername(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<LoadedUser | null> {
  const store = userStore(services, pool, username)
  return pickUser(pool, username, store, await store.getMany(userLookupKeys(pool, username)))
}

/**
 * The user a federated identity signed up as: exactly `username`, and federated. A local user
 * whose name happens to be spelled the same (or folds the same) is not it.
 */
export async function getFederatedUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<LoadedUser | null> {
  const found = await getUserByUsername(services, pool, username)
  return found && isFederated(found.user) && found.user.username === username ? found : null
}

/** Attributes that can stand in for the username when signing in to this pool. */
export function signInAliases(pool: UserPoolConfig): AliasAttribute[] {
  return [...(pool.UsernameAttributes ?? []), ...(pool.AliasAttributes ?? [])]
}

/**
 * Finds the user a sign-in name refers to: the username itself, or an alias (email, phone,
 * preferred_username) the pool allows, as Cognito resolves `USERNAME` in auth flows and admin calls.
 */
export async function findUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
): Promise<LoadedUser | null> {
  const direct = await getUserByUsername(services, pool, name)
  if (direct) return direct
  for (const attribute of signInAliases(pool)) {
    const normalized = normalizeAlias(attribute, name)
    const key = directoryKeys.alias(attribute, normalized)
    const alias = await keyedStore(services, pool, key).get<{ username: string }>(key)
    if (!alias) continue
    const target = await getUserByUsername(services, pool, alias.value.username)
    // An alias whose user no longer holds that value is stale: ignore it.
    if (
      target &&
      target.user.attributes[attribute] !== undefined &&
      normalizeAlias(attribute, target.user.attributes[attribute]!) === normalized
    )
      return target
  }
  return null
}

export async function requireUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
): Promise<LoadedUser> {
  const found = await findUser(services, pool, name)
  if (!found) throw new UserNotFoundException('User does not exist.')
  return found
}

/** The freshest copy of a loaded user: the same record, read again (null once it is gone). */
export async function reloadUser(loaded: LoadedUser): Promise<LoadedUser | null> {
  const record = await loaded.store.get<UserRecord>(loaded.key)
  return record ? { ...loaded, user: record.value, version: record.version } : null
}
