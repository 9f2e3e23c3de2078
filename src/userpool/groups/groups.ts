import { ResourceNotFoundException } from '../../errors/cognito'
import { requireUser } from '../store/directory'
import { changeMembership, listMembersPage, removeAllMembers } from '../store/memberships'
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
  await removeAllMembers(services, pool, name)
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
  return listMembersPage(services, pool, group, cursor, limit)
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
