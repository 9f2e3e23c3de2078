import type { RecordStore, StoredRecord } from '../../storage/record-store'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { filedNameOf, pickUser, reloadUser, type LoadedUser } from './directory'
import { directoryKeys } from './directory-keys'
import { eachPartition, pageAcrossPartitions, type PartitionCursor } from './partition-walk'
import { retryContended } from './retry-policy'
import { saveUser } from './users'

/**
 * The group-membership index: an entry per member in the member's own partition, written in the
 * same commit as the user record, so ListUsersInGroup is a prefix scan and never disagrees with
 * the user. The entry's last key part is the name the user record is filed under.
 */

interface MembershipEntry {
  username: string
}

/** Adds or removes one membership, atomically with the user record, retrying on contention. */
export function changeMembership(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
  group: string,
  member: boolean,
): Promise<void> {
  const key = directoryKeys.member(group, filedNameOf(loaded))
  return retryContended(async (round) => {
    const current = round === 1 ? loaded : await reloadUser(loaded)
    if (!current) return
    const has = current.user.groups.includes(group)
    const groups = member
      ? has
        ? current.user.groups
        : [...current.user.groups, group]
      : current.user.groups.filter((g) => g !== group)
    const entry: MembershipEntry = { username: current.user.username }
    await saveUser(
      services,
      pool,
      current,
      { ...current.user, groups, updatedAt: services.now() },
      { extra: member ? { put: [{ key, value: entry }] } : { delete: [key] } },
    )
  })
}

/**
 * The users that membership entries of `group` belong to, read from their partition in one call:
 * an entry counts when the user filed under its name is still a member.
 */
async function membersOf(
  pool: UserPoolConfig,
  group: string,
  store: RecordStore,
  entries: Array<StoredRecord<MembershipEntry>>,
): Promise<LoadedUser[]> {
  const prefix = directoryKeys.memberPrefix(group)
  const records = await store.getMany<UserRecord>(
    entries.map((entry) => directoryKeys.user(entry.key.slice(prefix.length))),
  )
  return records.flatMap((record, i) => {
    const loaded = pickUser(pool, entries[i]!.value.username, store, [record])
    return loaded?.user.groups.includes(group) ? [loaded] : []
  })
}

/** ListUsersInGroup: the membership index, partition by partition. */
export async function listMembersPage(
  services: UserPoolServices,
  pool: UserPoolConfig,
  group: string,
  cursor: PartitionCursor | undefined,
  limit: number,
): Promise<{ users: UserRecord[]; next?: PartitionCursor }> {
  const page = await pageAcrossPartitions<MembershipEntry, UserRecord>(
    services,
    pool,
    directoryKeys.memberPrefix(group),
    cursor,
    limit,
    async (store, entries) =>
      (await membersOf(pool, group, store, entries)).map((loaded) => loaded.user),
  )
  return page.next ? { users: page.items, next: page.next } : { users: page.items }
}

/** Takes every member out of a deleted group, every partition at once; stray entries just go. */
export async function removeAllMembers(
  services: UserPoolServices,
  pool: UserPoolConfig,
  group: string,
): Promise<void> {
  const prefix = directoryKeys.memberPrefix(group)
  await eachPartition(services, pool, async (store) => {
    for (;;) {
      const page = await store.list<MembershipEntry>(prefix, { limit: 100 })
      if (page.records.length === 0) return
      const members = await membersOf(pool, group, store, page.records)
      for (const loaded of members) await changeMembership(services, pool, loaded, group, false)
      // Whatever is left of this page names nobody who is a member (the group is gone, so nobody
      // joins it meanwhile): it goes too, and the next list starts past it.
      await store.commit({ delete: page.records.map((record) => record.key) })
    }
  })
}
