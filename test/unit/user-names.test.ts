import { describe, expect, it } from 'vitest'
import { UsernameExistsException } from '../../src/errors/cognito'
import { memoryStores } from '../../src/storage/memory/memory-stores'
import {
  getFederatedUser,
  getUserByUsername,
  userPartition,
} from '../../src/userpool/store/directory'
import { createUser } from '../../src/userpool/store/users'
import type { UserPoolConfig, UserStatus } from '../../src/userpool/model'
import { newUserRecord } from '../../src/userpool/users/new-user'
import type { UserPoolServices } from '../../src/userpool/services'

/** A case-insensitive pool on in-memory stores: all the directory reads is these few members. */
function directory() {
  const now = () => 1_700_000_000_000
  const services = { stores: memoryStores(now), now } as unknown as UserPoolServices
  const pool = {
    Id: 'us-east-1_names',
    partitions: 3,
    UsernameConfiguration: { CaseSensitive: false },
  } as unknown as UserPoolConfig
  let subs = 0
  const create = (username: string, status: UserStatus) =>
    createUser(
      services,
      pool,
      newUserRecord({ username, sub: `sub-${++subs}`, attributes: {}, status, now: now() }),
    )
  const store = (username: string) =>
    services.stores.directory(pool.Id, userPartition(pool, username))
  const find = async (name: string) =>
    (await getUserByUsername(services, pool, name))?.user.username ?? null
  return { services, pool, create, store, find }
}

describe('usernames in a case-insensitive pool', () => {
  it('files local users under the folded name, so every spelling finds them, as before', async () => {
    const { create, store, find } = directory()
    await create('Carol', 'FORCE_CHANGE_PASSWORD')
    expect(await find('cArOl')).toBe('Carol')
    expect((await store('Carol').get('user:carol'))?.value).toMatchObject({ username: 'Carol' })
    await expect(create('CAROL', 'FORCE_CHANGE_PASSWORD')).rejects.toBeInstanceOf(
      UsernameExistsException,
    )
  })

  it('keeps federated users apart by exact name, in the partition of the folded name', async () => {
    const { services, pool, create, store, find } = directory()
    const upper = await create('Upstream_Alice', 'EXTERNAL_PROVIDER')
    const lower = await create('Upstream_alice', 'EXTERNAL_PROVIDER')
    expect(upper.user.sub).not.toBe(lower.user.sub)
    expect(userPartition(pool, 'Upstream_Alice')).toBe(userPartition(pool, 'upstream_alice'))
    expect(await store('Upstream_Alice').get('user:Upstream_Alice')).not.toBeNull()
    expect(await find('Upstream_Alice')).toBe('Upstream_Alice')
    expect(await find('Upstream_alice')).toBe('Upstream_alice')
    expect(await find('UPSTREAM_ALICE')).toBeNull()
    expect(await find('upstream_alice')).toBeNull()
    expect((await getFederatedUser(services, pool, 'Upstream_alice'))?.user.sub).toBe(
      lower.user.sub,
    )
    await expect(create('Upstream_Alice', 'EXTERNAL_PROVIDER')).rejects.toBeInstanceOf(
      UsernameExistsException,
    )
    // A local user may not take a federated user's exact name either.
    await expect(create('Upstream_Alice', 'FORCE_CHANGE_PASSWORD')).rejects.toBeInstanceOf(
      UsernameExistsException,
    )
  })

  it('never takes a local user for a federated one', async () => {
    const { services, pool, create, find } = directory()
    await create('Upstream_Bob', 'FORCE_CHANGE_PASSWORD')
    expect(await getFederatedUser(services, pool, 'Upstream_Bob')).toBeNull()
    await expect(create('Upstream_Bob', 'EXTERNAL_PROVIDER')).rejects.toBeInstanceOf(
      UsernameExistsException,
    )
    // A local name that only folds like the federated one keeps its own record and spellings.
    await create('upstream_dan', 'FORCE_CHANGE_PASSWORD')
    await create('Upstream_Dan', 'EXTERNAL_PROVIDER')
    expect(await find('Upstream_Dan')).toBe('Upstream_Dan')
    expect(await find('UPSTREAM_DAN')).toBe('upstream_dan')
    expect(await find('upstream_dan')).toBe('upstream_dan')
  })

  it('still finds a federated user filed under its folded name by older versions, by its exact name only', async () => {
    const { services, pool, create, store, find } = directory()
    const legacy = newUserRecord({
      username: 'Upstream_Erin',
      sub: 'legacy-sub',
      attributes: {},
      status: 'EXTERNAL_PROVIDER',
      now: services.now(),
    })
    await store('Upstream_Erin').commit({ put: [{ key: 'user:upstream_erin', value: legacy }] })
    expect(await find('Upstream_Erin')).toBe('Upstream_Erin')
    expect(await find('upstream_erin')).toBeNull()
    expect((await getFederatedUser(services, pool, 'Upstream_Erin'))?.key).toBe(
      'user:upstream_erin',
    )
    await expect(create('Upstream_Erin', 'EXTERNAL_PROVIDER')).rejects.toBeInstanceOf(
      UsernameExistsException,
    )
    await create('Upstream_erin', 'EXTERNAL_PROVIDER')
    expect((await getFederatedUser(services, pool, 'Upstream_erin'))?.user.sub).not.toBe(
      'legacy-sub',
    )
  })
})
