import { ConcurrentModificationException, ResourceNotFoundException } from '../../errors/cognito'
import {
  getUserByUsername,
  membershipKey,
  membershipPrefix,
  reloadUser,
  requireUser,
  saveUser,
  type LoadedUser,
} from '../store/directory'
import type { StoredRecord } from '../../storage/record-store'
import type { GroupConfig, UserPoolConfig, UserRecord } from '../model'
import { findGroup } from '../store/pool-repository'
import { groupRecords } from '../store/pool-store'
import { epochSeconds, type UserPoolServices } from '../services'

export interface GroupSettings {
  Description?: string
  RoleArn?: string
  Precedence?: number
}

export async function requireGroup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
): Promise<GroupConfig> {
  const group = await findGroup(services, pool.Id, name)
  if (!group) throw new ResourceNotFoundException('Group not found.')
  return group
}

export async function createGroup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
  settings: GroupSettings,
): Promise<GroupConfig> {
  const now = epochSeconds(services)
  const group: GroupConfig = {
    GroupName: name,
    UserPoolId: pool.Id,
    ...settings,
    CreationDate: now,
    LastModifiedDate: now,
  }
  return groupRecords.create(services, pool.Id, group)
}

/** UpdateGroup: only the members given change. */
export async function updateGroup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
  settings: GroupSettings,
): Promise<GroupConfig> {
  return groupRecords.replace(services, pool.Id, name, (current) => ({
    ...current,
    ...settings,
    LastModifiedDate: epochSeconds(services),
  }))
}

/** DeleteGroup: the definition goes first (so no new member joins), then every membership. */
export async function deleteGroup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
): Promise<void> {
  await requireGroup(services, pool, name)
  await groupRecords.remove(services, pool.Id, name)
  for (let partition = 0; partition < pool.partitions; partition++) {
    const store = services.stores.directory(pool.Id, partition)
    for (;;) {
      const page = await store.list<{ username: string }>(membershipPrefix(name), { limit: 100 })
      if (page.records.length === 0) break
      for (const record of page.records) {
        const loaded = await ownerOf(services, pool, name, record)
        if (loaded) await changeMembership(services, pool, loaded, name, false)
        else await store.commit({ delete: [record.key] })
      }
    }
  }
}

/** The user a membership entry belongs to: the user it names, if that user's entry is this one. */
async function ownerOf(
  services: UserPoolServices,
  pool: UserPoolConfig,
  group: string,
  entry: StoredRecord<{ username: string }>,
): Promise<LoadedUser | null> {
  const loaded = await getUserByUsername(services, pool, entry.value.username)
  return loaded && membershipKey(group, loaded) === entry.key ? loaded : null
}

/** Adds or removes one membership, atomically with the user record and its index entry. */
async function changeMembership(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
  group: string,
  member: boolean,
): Promise<void> {
  const key = membershipKey(group, loaded)
  let current = loaded
  for (let attempt = 0; ; attempt++) {
    const has = current.user.groups.includes(group)
    const groups = member
      ? has
        ? current.user.groups
        : [...current.user.groups, group]
      : current.user.groups.filter((g) => g !== group)
    const next: UserRecord = { ...current.user, groups, updatedAt: services.now() }
    try {
      await saveUser(services, pool, current, next, {
        extra: member
          ? { put: [{ key, value: { username: current.user.username } }] }
          : { delete: [key] },
      })
      return
    } catch (error) {
      if (attempt >= 8 || !(error instanceof ConcurrentModificationException)) throw error
      const fresh = await reloadUser(current)
      if (!fresh) return
      current = fresh
    }
  }
}

export async function addUserToGroup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  group: string,
): Promise<void> {
  await requireGroup(services, pool, group)
  await changeMembership(services, pool, await requireUser(services, pool, username), group, true)
}

export async function removeUserFromGroup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  group: string,
): Promise<void> {
  await requireGroup(services, pool, group)
  await changeMembership(services, pool, await requireUser(services, pool, username), group, false)
}

/** ListGroups: groups in name order, paged by the last name. */
export async function listGroups(
  services: UserPoolServices,
  pool: UserPoolConfig,
  limit: number,
  after: string | undefined,
): Promise<{ groups: GroupConfig[]; next?: string }> {
  const page = await groupRecords.list(services, pool.Id, limit, after)
  return page.next ? { groups: page.records, next: page.next } : { groups: page.records }
}

/** ListUsersInGroup: the membership index, partition by partition; the cursor is sealed by the caller. */
export async function listUsersInGroup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  group: string,
  limit: number,
  cursor: { partition: number; after?: string } | undefined,
): Promise<{ users: UserRecord[]; next?: { partition: number; after?: string } }> {
  await requireGroup(services, pool, group)
  let partition = cursor?.partition ?? 0
  let after = cursor?.after
  const users: UserRecord[] = []
  while (partition < pool.partitions && users.length < limit) {
    const page = await services.stores
      .directory(pool.Id, partition)
      .list<{ username: string }>(membershipPrefix(group), {
        limit: limit - users.length,
        ...(after ? { after } : {}),
      })
    for (const record of page.records) {
      const loaded = await ownerOf(services, pool, group, record)
      if (loaded?.user.groups.includes(group)) users.push(loaded.user)
      after = record.key
    }
    if (!page.next) {
      partition++
      after = undefined
    }
  }
  return partition < pool.partitions
    ? { users, next: { partition, ...(after ? { after } : {}) } }
    : { users }
}

/** AdminListGroupsForUser: the user's groups in name order, paged by the last name. */
export async function listGroupsForUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  limit: number,
  after: string | undefined,
): Promise<{ groups: GroupConfig[]; next?: string }> {
  const { user } = await requireUser(services, pool, username)
  const names = [...user.groups].sort()
  const start = after === undefined ? 0 : names.findIndex((name) => name > after)
  if (start < 0) return { groups: [] }
  const slice = names.slice(start, start + limit)
  const groups = (
    await Promise.all(slice.map((name) => findGroup(services, pool.Id, name)))
  ).filter((group): group is GroupConfig => group !== null)
  return start + slice.length < names.length
    ? { groups, next: slice[slice.length - 1]! }
    : { groups }
}
