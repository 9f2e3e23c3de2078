import {
  ConcurrentModificationException,
  UsernameExistsException,
  UserNotFoundException,
} from '../../errors/cognito'
import type { Put } from '../../storage/record-store'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { aliasChanges, claimAliases, ownedAliases, releaseAliases } from './aliases'
import {
  filedName,
  filedNameOf,
  isFederated,
  pickUser,
  reloadUser,
  requireUser,
  userLookupKeys,
  userStore,
  type LoadedUser,
} from './directory'
import { deleteAllDevices } from './devices'
import { directoryKeys } from './directory-keys'
import { releaseProviderLinks } from './links'
import { retryContended } from './retry-policy'
import { deleteAllCredentials } from './webauthn-credentials'

/**
 * Writing users: every write is a compare-and-set on the version the user was read at, and every
 * retry of a contended change goes through the one retry policy (retry-policy.ts), which re-reads
 * the user before each attempt.
 */

const CONCURRENT = 'The user was modified concurrently; try again.'

/** Writes the previous holder of an alias taken over by ForceAliasCreation (see claimAliases). */
const saveHolder =
  (services: UserPoolServices, pool: UserPoolConfig) => (holder: LoadedUser, next: UserRecord) =>
    saveUser(services, pool, holder, next)

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
  const key = directoryKeys.user(filedName(pool, user))
  const found = await store.getMany<UserRecord>(userLookupKeys(pool, user.username))
  const taken = isFederated(user)
    ? found.some((record) => record?.value.username === user.username)
    : pickUser(pool, user.username, store, found) !== null
  if (taken) throw new UsernameExistsException('User account already exists')
  const mode = options.forceAliasCreation ? 'take-over' : 'fail'
  await claimAliases(
    services,
    pool,
    user,
    ownedAliases(pool, user),
    mode,
    saveHolder(services, pool),
  )
  const result = await store.commit({ expect: [{ key, version: 0 }], put: [{ key, value: user }] })
  if (!result.ok) throw new UsernameExistsException('User account already exists')
  return { user, version: result.versions[key]!, store, key }
}

/**
 * Writes a changed user with compare-and-set on the version it was read at, then brings the alias
 * index in line. One attempt: a concurrent writer makes this throw ConcurrentModificationException,
 * which withFreshUser and updateUser answer by reading again and retrying.
 */
export async function saveUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
  next: UserRecord,
  options: { forceAliasCreation?: boolean; extra?: { put?: Put[]; delete?: string[] } } = {},
): Promise<LoadedUser> {
  const { added, removed } = aliasChanges(pool, loaded.user, next)
  const mode = options.forceAliasCreation ? 'take-over' : 'fail'
  await claimAliases(services, pool, next, added, mode, saveHolder(services, pool))
  const key = loaded.key
  const result = await loaded.store.commit({
    expect: [{ key, version: loaded.version }],
    put: [{ key, value: next }, ...(options.extra?.put ?? [])],
    ...(options.extra?.delete ? { delete: options.extra.delete } : {}),
  })
  if (!result.ok) throw new ConcurrentModificationException(CONCURRENT)
  await releaseAliases(services, pool, next, removed)
  return { ...loaded, user: next, version: result.versions[key]! }
}

/**
 * Runs `change` against the freshest copy of the user a sign-in name finds, and again (re-read,
 * after a jittered pause) when another writer got in first. `change` makes one attempt: it writes
 * with saveUser, saveChange or deleteUser, never with updateUser, so that retries do not nest.
 */
export function withFreshUser<T>(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  change: (found: LoadedUser) => Promise<T>,
): Promise<T> {
  return retryContended(async () => change(await requireUser(services, pool, username)))
}

/** One attempt at `change` on a loaded user, stamped with the time: for use inside withFreshUser. */
export function saveChange(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
  change: (user: UserRecord) => UserRecord,
): Promise<LoadedUser> {
  return saveUser(services, pool, loaded, { ...change(loaded.user), updatedAt: services.now() })
}

/** Applies `change` to a loaded user, re-reading it and retrying (see withFreshUser) on contention. */
export function updateUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
  change: (user: UserRecord) => UserRecord,
): Promise<LoadedUser> {
  return retryContended(async (round) => {
    const current = round === 1 ? loaded : await reloadUser(loaded)
    if (!current) throw new UserNotFoundException('User does not exist.')
    return saveChange(services, pool, current, change)
  })
}

/**
 * Deletes a user with its memberships (one commit in its partition), then its alias entries and
 * provider links, which live in other partitions, its remembered devices, its passkeys and its
 * auth events.
 */
export async function deleteUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
): Promise<void> {
  const key = loaded.key
  const memberships = loaded.user.groups.map((group) =>
    directoryKeys.member(group, filedNameOf(loaded)),
  )
  const result = await loaded.store.commit({
    expect: [{ key, version: loaded.version }],
    delete: [key, ...memberships],
  })
  if (!result.ok) throw new ConcurrentModificationException(CONCURRENT)
  await releaseAliases(services, pool, loaded.user, ownedAliases(pool, loaded.user))
  await releaseProviderLinks(services, pool, loaded.user)
  await deleteAllDevices(services, pool, loaded.user)
  await deleteAllCredentials(services, pool, loaded.user)
  await deleteAllAuthEvents(loaded)
}

/**
 * A deleted user's auth events (filed by name in the user's partition): a user created again
 * under the name starts with no history, so its risk is not judged by the old one's sign-ins.
 */
async function deleteAllAuthEvents(loaded: LoadedUser): Promise<void> {
  const name = filedNameOf(loaded)
  for (;;) {
    const page = await loaded.store.list<{ eventId: string }>(directoryKeys.authEventPrefix(name))
    if (page.records.length === 0) return
    await loaded.store.commit({
      delete: page.records.flatMap((record) => [
        record.key,
        directoryKeys.authEventId(name, record.value.eventId),
      ]),
    })
    if (!page.next) return
  }
}
