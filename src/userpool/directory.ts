import {
  AliasExistsException,
  ConcurrentModificationException,
  UsernameExistsException,
  UserNotFoundException,
} from '../errors/cognito'
import { storeKey, storeKeyPrefix } from '../storage/keys'
import type { Put, RecordStore, StoredRecord } from '../storage/record-store'
import type { AliasAttribute, UserPoolConfig, UserRecord } from './model'
import type { UserPoolServices } from './services'

/**
 * The user directory of one pool, spread over `pool.partitions` stores by a hash of the key being
 * looked up: a user lives in the partition of its normalised username, an alias entry (email →
 * username) in the partition of the alias. Cross-partition writes are ordered so that a failure
 * leaves at worst an alias pointing at nobody, which lookups ignore and the next claim overwrites.
 */

/** FNV-1a: stable, fast, good enough spread for partition choice (not a security boundary). */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % partitions
}

export function normalizeUsername(pool: UserPoolConfig, username: string): string {
  // Case-insensitive pools compare usernames in lower case; the stored record keeps the original.
  return pool.UsernameConfiguration?.CaseSensitive === false ? username.toLowerCase() : username
}

/** Aliases (email, phone) always compare case-insensitively, as Cognito does for email. */
export function normalizeAlias(attribute: string, value: string): string {
  return attribute === 'phone_number' ? value : value.toLowerCase()
}

/** Key of a user record in its partition (`normalized` as from normalizeUsername). */
export const userKey = (normalized: string): string => storeKey('user', normalized)
const USER_PREFIX = storeKeyPrefix('user')
/**
 * Group-membership index entry, kept in the member's own partition and written in the same commit
 * as the user record, so ListUsersInGroup is a prefix scan and never disagrees with the user.
 */
export const membershipKey = (groupName: string, normalizedUsername: string): string =>
  storeKey('member', groupName, normalizedUsername)
export const membershipPrefix = (groupName: string): string => storeKeyPrefix('member', groupName)
const aliasKey = (attribute: string, normalizedValue: string) =>
  storeKey('alias', attribute, normalizedValue)
/** How long a claim on an alias whose user is not stored yet counts as in flight (then: leftover). */
const ALIAS_CLAIM_GRACE_MS = 60_000

export interface LoadedUser {
  user: UserRecord
  version: number
  store: RecordStore
}

/** EstimatedNumberOfUsers: every partition counts its user records (an index range count each). */
export async function countUsers(
  services: UserPoolServices,
  pool: UserPoolConfig,
): Promise<number> {
  const partitions = Array.from({ length: pool.partitions }, (_, partition) =>
    services.stores.directory(pool.Id, partition).count(USER_PREFIX),
  )
  return (await Promise.all(partitions)).reduce((sum, n) => sum + n, 0)
}

export function userStore(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): RecordStore {
  return services.stores.directory(
    pool.Id,
    partitionOf(userKey(normalizeUsername(pool, username)), pool.partitions),
  )
}

function aliasStore(
  services: UserPoolServices,
  pool: UserPoolConfig,
  attribute: string,
  normalizedValue: string,
): RecordStore {
  return services.stores.directory(
    pool.Id,
    partitionOf(aliasKey(attribute, normalizedValue), pool.partitions),
  )
}

/** Looks a user up by username exactly (after case folding where the pool folds). */
export async function getUserByUsername(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<LoadedUser | null> {
  const store = userStore(services, pool, username)
  const record: StoredRecord<UserRecord> | null = await store.get<UserRecord>(
    userKey(normalizeUsername(pool, username)),
  )
  return record ? { user: record.value, version: record.version, store } : null
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
    const alias = await aliasStore(services, pool, attribute, normalized).get<{ username: string }>(
      aliasKey(attribute, normalized),
    )
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

/**
 * The alias entries a user should own: for UsernameAttributes pools every email/phone value (they
 * are sign-in names), for AliasAttributes pools only verified ones (and preferred_username).
 */
export function ownedAliases(
  pool: UserPoolConfig,
  user: UserRecord,
): Array<{ attribute: string; value: string }> {
  const out: Array<{ attribute: string; value: string }> = []
  for (const attribute of pool.UsernameAttributes ?? []) {
    const value = user.attributes[attribute]
    if (value) out.push({ attribute, value: normalizeAlias(attribute, value) })
  }
  for (const attribute of pool.AliasAttributes ?? []) {
    const value = user.attributes[attribute]
    if (!value) continue
    const verified =
      attribute === 'preferred_username' || user.attributes[`${attribute}_verified`] === 'true'
    if (verified && user.status !== 'UNCONFIRMED')
      out.push({ attribute, value: normalizeAlias(attribute, value) })
  }
  return out
}

async function claimAliases(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  aliases: Array<{ attribute: string; value: string }>,
  mode: 'fail' | 'take-over',
): Promise<void> {
  for (const { attribute, value } of aliases) {
    const store = aliasStore(services, pool, attribute, value)
    const key = aliasKey(attribute, value)
    const existing = await store.get<{ username: string; at?: number }>(key)
    let expected = existing?.version ?? 0
    if (
      existing &&
      normalizeUsername(pool, existing.value.username) !== normalizeUsername(pool, username)
    ) {
      const holder = await getUserByUsername(services, pool, existing.value.username)
      const held =
        holder &&
        ownedAliases(pool, holder.user).some((a) => a.attribute === attribute && a.value === value)
      if (held && mode === 'fail') {
        const usernameAttribute = (pool.UsernameAttributes ?? []).includes(attribute as 'email')
        if (usernameAttribute)
          throw new UsernameExistsException(
            `An account with the given ${attribute === 'email' ? 'email' : 'phone_number'} already exists.`,
          )
        throw new AliasExistsException('An account with the given email already exists.')
      }
      if (held && holder) {
        // Cognito's ForceAliasCreation: the alias moves and the previous holder keeps the value,
        // marked unverified (a value that is a username or preferred_username has to go).
        const attributes = { ...holder.user.attributes }
        if (attribute === 'email' || attribute === 'phone_number')
          attributes[`${attribute}_verified`] = 'false'
        if (
          attribute === 'preferred_username' ||
          (pool.UsernameAttributes ?? []).includes(attribute as 'email')
        ) {
          delete attributes[attribute]
          delete attributes[`${attribute}_verified`]
        }
        await saveUser(services, pool, holder, {
          ...holder.user,
          attributes,
          updatedAt: services.now(),
        })
        // Saving the holder released its entry: the claim below starts from what is there now.
        expected = (await store.get(key))?.version ?? 0
      }
      // A fresh claim whose user is not stored yet is a write in flight, not a leftover: taking it
      // over would let two users end up with one email.
      if (
        !held &&
        mode === 'fail' &&
        (existing.value.at ?? 0) > services.now() - ALIAS_CLAIM_GRACE_MS
      ) {
        throw new ConcurrentModificationException(
          'The alias is being claimed concurrently; try again.',
        )
      }
    }
    const result = await store.commit({
      expect: [{ key, version: expected }],
      put: [{ key, value: { username, at: services.now() } }],
    })
    if (!result.ok)
      throw new ConcurrentModificationException('The alias was claimed concurrently; try again.')
  }
}

async function releaseAliases(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  aliases: Array<{ attribute: string; value: string }>,
): Promise<void> {
  for (const { attribute, value } of aliases) {
    const store = aliasStore(services, pool, attribute, value)
    const key = aliasKey(attribute, value)
    const existing = await store.get<{ username: string }>(key)
    if (
      existing &&
      normalizeUsername(pool, existing.value.username) === normalizeUsername(pool, username)
    ) {
      await store.commit({ expect: [{ key, version: existing.version }], delete: [key] })
    }
  }
}

const aliasId = (a: { attribute: string; value: string }) => `${a.attribute}:${a.value}`

/** Stores a new user; fails with UsernameExistsException/AliasExistsException on a clash. */
export async function createUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  options: { forceAliasCreation?: boolean } = {},
): Promise<LoadedUser> {
  const store = userStore(services, pool, user.username)
  const key = userKey(normalizeUsername(pool, user.username))
  if (await store.get(key)) throw new UsernameExistsException('User account already exists')
  await claimAliases(
    services,
    pool,
    user.username,
    ownedAliases(pool, user),
    options.forceAliasCreation ? 'take-over' : 'fail',
  )
  const result = await store.commit({ expect: [{ key, version: 0 }], put: [{ key, value: user }] })
  if (!result.ok) throw new UsernameExistsException('User account already exists')
  return { user, version: result.versions[key]!, store }
}

/**
 * Writes a changed user with compare-and-set on the version it was read at, then brings the alias
 * index in line. A concurrent writer makes this throw ConcurrentModificationException: callers that
 * can retry (counters) re-read and try again, others surface it.
 */
export async function saveUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
  next: UserRecord,
  options: { forceAliasCreation?: boolean; extra?: { put?: Put[]; delete?: string[] } } = {},
): Promise<LoadedUser> {
  const before = ownedAliases(pool, loaded.user)
  const after = ownedAliases(pool, next)
  const added = after.filter((a) => !before.some((b) => aliasId(a) === aliasId(b)))
  const removed = before.filter((b) => !after.some((a) => aliasId(a) === aliasId(b)))
  await claimAliases(
    services,
    pool,
    next.username,
    added,
    options.forceAliasCreation ? 'take-over' : 'fail',
  )
  const key = userKey(normalizeUsername(pool, next.username))
  const result = await loaded.store.commit({
    expect: [{ key, version: loaded.version }],
    put: [{ key, value: next }, ...(options.extra?.put ?? [])],
    ...(options.extra?.delete ? { delete: options.extra.delete } : {}),
  })
  if (!result.ok)
    throw new ConcurrentModificationException('The user was modified concurrently; try again.')
  await releaseAliases(services, pool, next.username, removed)
  return { user: next, version: result.versions[key]!, store: loaded.store }
}

/** Applies `change` to the freshest copy of a user, retrying a few times on concurrent writes. */
export async function updateUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
  change: (user: UserRecord) => UserRecord,
): Promise<LoadedUser> {
  let current = loaded
  for (let attempt = 0; ; attempt++) {
    try {
      return await saveUser(services, pool, current, {
        ...change(current.user),
        updatedAt: services.now(),
      })
    } catch (error) {
      if (!(error instanceof ConcurrentModificationException) || attempt >= 4) throw error
      const fresh = await getUserByUsername(services, pool, current.user.username)
      if (!fresh) throw new UserNotFoundException('User does not exist.')
      current = fresh
    }
  }
}

export async function deleteUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
): Promise<void> {
  const normalized = normalizeUsername(pool, loaded.user.username)
  const key = userKey(normalized)
  const memberships = loaded.user.groups.map((group) => membershipKey(group, normalized))
  const result = await loaded.store.commit({
    expect: [{ key, version: loaded.version }],
    delete: [key, ...memberships],
  })
  if (!result.ok)
    throw new ConcurrentModificationException('The user was modified concurrently; try again.')
  await releaseAliases(services, pool, loaded.user.username, ownedAliases(pool, loaded.user))
}

/** Pages through every user of a pool, partition by partition. `cursor` is opaque to callers. */
export async function listUserPage(
  services: UserPoolServices,
  pool: UserPoolConfig,
  cursor: { partition: number; after?: string } | undefined,
  limit: number,
): Promise<{ users: UserRecord[]; next?: { partition: number; after?: string } }> {
  let partition = cursor?.partition ?? 0
  let after = cursor?.after
  const users: UserRecord[] = []
  while (partition < pool.partitions && users.length < limit) {
    const page = await services.stores.directory(pool.Id, partition).list<UserRecord>(USER_PREFIX, {
      limit: limit - users.length,
      ...(after !== undefined ? { after } : {}),
    })
    users.push(...page.records.map((record) => record.value))
    if (page.next) after = page.next
    else {
      partition++
      after = undefined
    }
  }
  return partition < pool.partitions
    ? { users, next: after !== undefined ? { partition, after } : { partition } }
    : { users }
}
