import {
  AliasExistsException,
  ConcurrentModificationException,
  UsernameExistsException,
  UserNotFoundException,
} from '../../errors/cognito'
import { storeKey, storeKeyPrefix } from '../../storage/keys'
import type { Put, RecordStore, StoredRecord } from '../../storage/record-store'
import type { AliasAttribute, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'

/**
 * The user directory of one pool, spread over `pool.partitions` stores by a hash of the key being
 * looked up: a user lives in the partition of its case-folded username, an alias entry (email →
 * username) in the partition of the alias. Cross-partition writes are ordered so that a failure
 * leaves at worst an alias pointing at nobody, which lookups ignore and the next claim overwrites.
 *
 * Names and keys: in a case-insensitive pool a local user is filed under its folded name, so every
 * spelling finds it. A federated user (`{ProviderName}_{sub}`, status EXTERNAL_PROVIDER) is filed
 * under its exact name, because upstream subjects are case-sensitive: `Upstream_Alice` and
 * `Upstream_alice` are two people. Both kinds live in the partition of the folded name, so a lookup
 * reads the exact and the folded key from one store in one call and takes the first record that
 * answers to the name (see answersTo).
 */

/** FNV-1a: stable, fast, good enough spread for partition choice (not a security boundary). */
function partitionOf(key: string, partitions: number): number {
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

/** A user who signed up through an identity provider: its name is the upstream's, case and all. */
const isFederated = (user: UserRecord): boolean => user.status === 'EXTERNAL_PROVIDER'

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
const filedName = (pool: UserPoolConfig, user: UserRecord): string =>
  isFederated(user) ? user.username : normalizeUsername(pool, user.username)

/** Key of a user record in its partition (`filed` as the record is filed, see filedName). */
const userKey = (filed: string): string => storeKey('user', filed)
const USER_PREFIX = storeKeyPrefix('user')

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

/**
 * Group-membership index entry, kept in the member's own partition and written in the same commit
 * as the user record, so ListUsersInGroup is a prefix scan and never disagrees with the user. The
 * user part is the name the record is filed under.
 */
export const membershipKey = (groupName: string, loaded: LoadedUser): string =>
  storeKey('member', groupName, loaded.key.slice(USER_PREFIX.length))
export const membershipPrefix = (groupName: string): string => storeKeyPrefix('member', groupName)
const aliasKey = (attribute: string, normalizedValue: string) =>
  storeKey('alias', attribute, normalizedValue)
/** How long a claim on an alias whose user is not stored yet counts as in flight (then: leftover). */
const ALIAS_CLAIM_GRACE_MS = 60_000

export interface LoadedUser {
  user: UserRecord
  version: number
  store: RecordStore
  /** The key the record is stored under (it never moves). */
  key: string
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
  return services.stores.directory(pool.Id, userPartition(pool, username))
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
  owner: UserRecord,
  aliases: Array<{ attribute: string; value: string }>,
  mode: 'fail' | 'take-over',
): Promise<void> {
  for (const { attribute, value } of aliases) {
    const store = aliasStore(services, pool, attribute, value)
    const key = aliasKey(attribute, value)
    const existing = await store.get<{ username: string; at?: number }>(key)
    let expected = existing?.version ?? 0
    const named = existing && existing.value.username !== owner.username ? existing : null
    const holder = named ? await getUserByUsername(services, pool, named.value.username) : null
    // An entry naming another spelling of the owner's own name (a local user) is still its own.
    if (named && holder?.user.sub !== owner.sub) {
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
        (named.value.at ?? 0) > services.now() - ALIAS_CLAIM_GRACE_MS
      ) {
        throw new ConcurrentModificationException(
          'The alias is being claimed concurrently; try again.',
        )
      }
    }
    const result = await store.commit({
      expect: [{ key, version: expected }],
      put: [{ key, value: { username: owner.username, at: services.now() } }],
    })
    if (!result.ok)
      throw new ConcurrentModificationException('The alias was claimed concurrently; try again.')
  }
}

async function releaseAliases(
  services: UserPoolServices,
  pool: UserPoolConfig,
  owner: UserRecord,
  aliases: Array<{ attribute: string; value: string }>,
): Promise<void> {
  for (const { attribute, value } of aliases) {
    const store = aliasStore(services, pool, attribute, value)
    const key = aliasKey(attribute, value)
    const existing = await store.get<{ username: string }>(key)
    // Entries are written with the owner's exact name: one naming anybody else is not ours to drop.
    if (existing && existing.value.username === owner.username) {
      await store.commit({ expect: [{ key, version: existing.version }], delete: [key] })
    }
  }
}

const aliasId = (a: { attribute: string; value: string }) => `${a.attribute}:${a.value}`

/**
 * Stores a new user; fails with UsernameExistsException/AliasExistsException on a clash. A local
 * name is taken when any user answers to it; a federated one only by a user of exactly that name
 * (a local user whose name merely folds the same keeps its own record).
 */
export async function createUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  options: { forceAliasCreation?: boolean } = {},
): Promise<LoadedUser> {
  const store = userStore(services, pool, user.username)
  const key = userKey(filedName(pool, user))
  const found = await store.getMany<UserRecord>(userLookupKeys(pool, user.username))
  const taken = isFederated(user)
    ? found.some((record) => record?.value.username === user.username)
    : pickUser(pool, user.username, store, found) !== null
  if (taken) throw new UsernameExistsException('User account already exists')
  await claimAliases(
    services,
    pool,
    user,
    ownedAliases(pool, user),
    options.forceAliasCreation ? 'take-over' : 'fail',
  )
  const result = await store.commit({ expect: [{ key, version: 0 }], put: [{ key, value: user }] })
  if (!result.ok) throw new UsernameExistsException('User account already exists')
  return { user, version: result.versions[key]!, store, key }
}

/** The freshest copy of a loaded user: the same record, read again (null once it is gone). */
export async function reloadUser(loaded: LoadedUser): Promise<LoadedUser | null> {
  const record = await loaded.store.get<UserRecord>(loaded.key)
  return record ? { ...loaded, user: record.value, version: record.version } : null
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
  await claimAliases(services, pool, next, added, options.forceAliasCreation ? 'take-over' : 'fail')
  const key = loaded.key
  const result = await loaded.store.commit({
    expect: [{ key, version: loaded.version }],
    put: [{ key, value: next }, ...(options.extra?.put ?? [])],
    ...(options.extra?.delete ? { delete: options.extra.delete } : {}),
  })
  if (!result.ok)
    throw new ConcurrentModificationException('The user was modified concurrently; try again.')
  await releaseAliases(services, pool, next, removed)
  return { ...loaded, user: next, version: result.versions[key]! }
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
      const fresh = await reloadUser(current)
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
  const key = loaded.key
  const memberships = loaded.user.groups.map((group) => membershipKey(group, loaded))
  const result = await loaded.store.commit({
    expect: [{ key, version: loaded.version }],
    delete: [key, ...memberships],
  })
  if (!result.ok)
    throw new ConcurrentModificationException('The user was modified concurrently; try again.')
  await releaseAliases(services, pool, loaded.user, ownedAliases(pool, loaded.user))
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
