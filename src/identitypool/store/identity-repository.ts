import type { RecordStore } from '../../storage/record-store'
import { epochSeconds, type UserPoolServices } from '../../userpool/services'
import type { IdentityPoolConfig, IdentityRecord, Login } from '../model'
import { identityPoolKeys, INDEX_PARTITIONS, INDEX_STORE } from './keys'
import { partitionOf } from '../../storage/partitions'
import { forgetAllRevocations, forgetRevocation } from './revocation-cache'

/**
 * The identities of an identity pool, and the only code that writes them. An identity's record
 * (its logins) is the truth; the login index points a login at the identity that holds it, and a
 * pointer counts only while that identity's record still lists the login. So every write puts the
 * record first and the pointer second: a failure leaves at worst a pointer to an identity without
 * the login, which readers ignore and the next claim overwrites, and of two racing claims on one
 * login the index's compare-and-set lets exactly one through. Operations answer `'conflict'` when
 * a concurrent write got in between; the caller reads again and retries.
 */

/** An identity as read, with the version a compare-and-set expects. */
export interface LoadedIdentity {
  record: IdentityRecord
  version: number
}

type Outcome<T> = T | 'conflict'

const sameLogin = (a: Login, b: Login) => a.provider === b.provider && a.subject === b.subject
const holds = (record: IdentityRecord, login: Login) =>
  record.logins.some((l) => sameLogin(l, login))

function identityStore(
  services: Pick<UserPoolServices, 'stores'>,
  pool: IdentityPoolConfig,
  identityId: string,
) {
  const key = identityPoolKeys.identity(identityId)
  return services.stores.identities(pool.IdentityPoolId, partitionOf(key, pool.partitions))
}

function loginStore(services: UserPoolServices, pool: IdentityPoolConfig, login: Login) {
  const key = identityPoolKeys.login(login)
  return services.stores.identities(pool.IdentityPoolId, partitionOf(key, pool.partitions))
}

function indexStore(services: UserPoolServices, identityId: string): RecordStore {
  const key = identityPoolKeys.poolOf(identityId)
  return services.stores.identities(INDEX_STORE, partitionOf(key, INDEX_PARTITIONS))
}

/** The identity pool an identity id belongs to, or null for an id never given out. */
export async function identityPoolOf(
  services: UserPoolServices,
  identityId: string,
): Promise<string | null> {
  const record = await indexStore(services, identityId).get<{ IdentityPoolId: string }>(
    identityPoolKeys.poolOf(identityId),
  )
  return record?.value.IdentityPoolId ?? null
}

export async function loadIdentity(
  services: Pick<UserPoolServices, 'stores'>,
  pool: IdentityPoolConfig,
  identityId: string,
): Promise<LoadedIdentity | null> {
  const record = await identityStore(services, pool, identityId).get<IdentityRecord>(
    identityPoolKeys.identity(identityId),
  )
  return record ? { record: record.value, version: record.version } : null
}

/** The identity a login is linked to, or null: a pointer whose identity no longer holds the login is none. */
export async function identityOfLogin(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  login: Login,
): Promise<LoadedIdentity | null> {
  const pointer = await loginStore(services, pool, login).get<{ IdentityId: string }>(
    identityPoolKeys.login(login),
  )
  if (!pointer) return null
  const loaded = await loadIdentity(services, pool, pointer.value.IdentityId)
  return loaded && holds(loaded.record, login) ? loaded : null
}

/**
 * Points each login at `identityId`, unless it is linked to another identity meanwhile. Pointers
 * already at the identity are left alone.
 */
async function pointLogins(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  identityId: string,
  logins: Login[],
  mayTakeFrom: ReadonlySet<string> = new Set(),
): Promise<Outcome<'ok'>> {
  for (const login of logins) {
    const store = loginStore(services, pool, login)
    const key = identityPoolKeys.login(login)
    const pointer = await store.get<{ IdentityId: string }>(key)
    if (pointer?.value.IdentityId === identityId) continue
    if (pointer && !mayTakeFrom.has(pointer.value.IdentityId)) {
      const holder = await loadIdentity(services, pool, pointer.value.IdentityId)
      if (holder && holds(holder.record, login)) return 'conflict'
    }
    const result = await store.commit({
      expect: [{ key, version: pointer?.version ?? 0 }],
      put: [{ key, value: { IdentityId: identityId } }],
    })
    if (!result.ok) return 'conflict'
  }
  return 'ok'
}

async function putIdentity(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  record: IdentityRecord,
  version: number,
): Promise<number | null> {
  const key = identityPoolKeys.identity(record.IdentityId)
  const result = await identityStore(services, pool, record.IdentityId).commit({
    expect: [{ key, version }],
    put: [{ key, value: record }],
  })
  forgetRevocation(services.stores, record.IdentityId)
  return result.ok ? result.versions[key]! : null
}

/** A new identity holding `logins` (none: a guest), with a fresh `{region}:{uuid}` id. */
export async function createIdentity(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  logins: Login[],
): Promise<Outcome<IdentityRecord>> {
  const now = epochSeconds(services)
  const record: IdentityRecord = {
    IdentityId: `${services.region}:${crypto.randomUUID()}`,
    IdentityPoolId: pool.IdentityPoolId,
    logins,
    creationDate: now,
    lastModifiedDate: now,
  }
  // The id index first: an identity is never stored that its id cannot find.
  await indexStore(services, record.IdentityId).commit({
    put: [
      {
        key: identityPoolKeys.poolOf(record.IdentityId),
        value: { IdentityPoolId: pool.IdentityPoolId },
      },
    ],
  })
  const version = await putIdentity(services, pool, record, 0)
  if (version === null) return 'conflict'
  if ((await pointLogins(services, pool, record.IdentityId, logins)) === 'ok') return record
  await removeIdentity(services, pool, { record, version })
  return 'conflict'
}

/** Links `logins` (linked to no identity when read) to an identity. */
export async function linkLogins(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  loaded: LoadedIdentity,
  logins: Login[],
): Promise<Outcome<IdentityRecord>> {
  const fresh = logins.filter((login) => !holds(loaded.record, login))
  if (fresh.length === 0) return loaded.record
  const record: IdentityRecord = {
    ...loaded.record,
    logins: [...loaded.record.logins, ...fresh],
    lastModifiedDate: epochSeconds(services),
  }
  const version = await putIdentity(services, pool, record, loaded.version)
  if (version === null) return 'conflict'
  if ((await pointLogins(services, pool, record.IdentityId, fresh)) === 'ok') return record
  // Someone else linked one of them first: give back what this write took.
  await putIdentity(services, pool, loaded.record, version)
  return 'conflict'
}

/**
 * Merges identities into `owner`: the owner takes their logins (and `logins`, linked to no
 * identity when read), each merged identity keeps its id but no logins, is marked merged, and its
 * sessions are revoked.
 */
export async function mergeIdentities(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  owner: LoadedIdentity,
  merged: LoadedIdentity[],
  logins: Login[],
): Promise<Outcome<IdentityRecord>> {
  const now = epochSeconds(services)
  const all = [...owner.record.logins]
  for (const login of [...merged.flatMap((m) => m.record.logins), ...logins])
    if (!all.some((l) => sameLogin(l, login))) all.push(login)
  const record: IdentityRecord = { ...owner.record, logins: all, lastModifiedDate: now }
  if ((await putIdentity(services, pool, record, owner.version)) === null) return 'conflict'
  for (const identity of merged) {
    const emptied: IdentityRecord = {
      ...identity.record,
      logins: [],
      mergedInto: owner.record.IdentityId,
      lastModifiedDate: now,
      revokedBefore: now,
    }
    if ((await putIdentity(services, pool, emptied, identity.version)) === null) return 'conflict'
  }
  const from = new Set(merged.map((m) => m.record.IdentityId))
  return (await pointLogins(services, pool, record.IdentityId, all, from)) === 'ok'
    ? record
    : 'conflict'
}

/**
 * Unlinks logins from an identity; their pointers go after the record no longer holds them. The
 * identity's sessions so far are revoked when a login was removed.
 */
export async function unlinkLogins(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  loaded: LoadedIdentity,
  logins: Login[],
): Promise<Outcome<IdentityRecord>> {
  const removed = loaded.record.logins.filter((l) => logins.some((r) => sameLogin(l, r)))
  const now = epochSeconds(services)
  const record: IdentityRecord = {
    ...loaded.record,
    logins: loaded.record.logins.filter((l) => !removed.some((r) => sameLogin(l, r))),
    lastModifiedDate: now,
    // A session vended on a login unlinked since must not outlive it.
    ...(removed.length > 0 ? { revokedBefore: now } : {}),
  }
  if ((await putIdentity(services, pool, record, loaded.version)) === null) return 'conflict'
  await dropPointers(services, pool, record.IdentityId, removed)
  return record
}

/** Deletes pointers that still point at `identityId` (a pointer claimed by another since stays). */
async function dropPointers(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  identityId: string,
  logins: Login[],
): Promise<void> {
  for (const login of logins) {
    const store = loginStore(services, pool, login)
    const key = identityPoolKeys.login(login)
    const pointer = await store.get<{ IdentityId: string }>(key)
    if (pointer?.value.IdentityId === identityId)
      await store.commit({ expect: [{ key, version: pointer.version }], delete: [key] })
  }
}

/** Removes an identity: its record, then its logins' pointers, then its id's index entry. */
export async function removeIdentity(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  loaded: LoadedIdentity,
): Promise<void> {
  const { record } = loaded
  await identityStore(services, pool, record.IdentityId).commit({
    delete: [identityPoolKeys.identity(record.IdentityId)],
  })
  forgetRevocation(services.stores, record.IdentityId)
  await dropPointers(services, pool, record.IdentityId, record.logins)
  await indexStore(services, record.IdentityId).commit({
    delete: [identityPoolKeys.poolOf(record.IdentityId)],
  })
}

/** Where a listing of a pool's identities goes on: a partition and the last key read in it. */
export interface IdentityCursor {
  partition: number
  after?: string
}

/**
 * Up to `limit` identities from `cursor` on, partition by partition in key order; merged ones
 * are skipped when `hideMerged`. `next` is where the following page starts, absent at the end.
 */
export async function listIdentityRecords(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  limit: number,
  cursor: IdentityCursor,
  hideMerged: boolean,
): Promise<{ identities: IdentityRecord[]; next?: IdentityCursor }> {
  const identities: IdentityRecord[] = []
  let { partition, after } = cursor
  while (partition < pool.partitions) {
    const page = await services.stores
      .identities(pool.IdentityPoolId, partition)
      .list<IdentityRecord>(identityPoolKeys.identityPrefix, {
        limit: limit - identities.length,
        ...(after !== undefined ? { after } : {}),
      })
    for (const { value } of page.records)
      if (!hideMerged || value.mergedInto === undefined) identities.push(value)
    if (page.next !== undefined) after = page.next
    else {
      partition++
      after = undefined
    }
    if (identities.length >= limit) break
  }
  if (partition >= pool.partitions) return { identities }
  return { identities, next: after !== undefined ? { partition, after } : { partition } }
}

/**
 * Every identity of a pool, removed with its pointers and index entries (DeleteIdentityPool);
 * `removed` is told each identity id as its record goes, for what other services keep of it.
 */
export async function removeAllIdentities(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  removed: (identityId: string) => Promise<void> = async () => undefined,
): Promise<void> {
  for (let partition = 0; partition < pool.partitions; partition++) {
    const store = services.stores.identities(pool.IdentityPoolId, partition)
    for (;;) {
      const page = await store.list<unknown>('', { limit: 200 })
      if (page.records.length === 0) break
      for (const record of page.records)
        if (record.key.startsWith(identityPoolKeys.identityPrefix)) {
          const identity = record.value as IdentityRecord
          await indexStore(services, identity.IdentityId).commit({
            delete: [identityPoolKeys.poolOf(identity.IdentityId)],
          })
          await removed(identity.IdentityId)
        }
      await store.commit({ delete: page.records.map((r) => r.key) })
    }
  }
  forgetAllRevocations(services.stores)
}
