import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConcurrentModificationException } from '../../src/errors/cognito'
import type { RecordStore, Stores } from '../../src/storage/record-store'
import { linkProviderForUser } from '../../src/userpool/identity-providers/provider-links'
import { createIdentityProvider } from '../../src/userpool/identity-providers/identity-providers'
import { createPool } from '../../src/userpool/pools/pools'
import { getUserByUsername } from '../../src/userpool/store/directory'
import { partitionOf } from '../../src/storage/partitions'
import { directoryKeys } from '../../src/userpool/store/directory-keys'
import { findLinkedUser } from '../../src/userpool/store/links'
import { eachPartition } from '../../src/userpool/store/partition-walk'
import {
  CONTENDED_WRITES,
  jitteredPause,
  retryContended,
} from '../../src/userpool/store/retry-policy'
import { countUsers, listUserPage } from '../../src/userpool/store/user-listing'
import { saveChange, withFreshUser } from '../../src/userpool/store/users'
import { adminCreateUser } from '../../src/userpool/users/create-user'
import { adminDeleteUser } from '../../src/userpool/users/user-status'
import type { UserPoolServices } from '../../src/userpool/services'
import { testApp } from './support/app'
import { testServices } from './support/user-pool'

/** Stores whose directory partitions refuse every commit that expects a version, counting them. */
function alwaysConflicting(stores: Stores): { stores: Stores; commits: () => number } {
  let commits = 0
  const conflicting = (store: RecordStore): RecordStore => ({
    get: (key) => store.get(key),
    getMany: (keys) => store.getMany(keys),
    list: (prefix, options) => store.list(prefix, options),
    count: (prefix) => store.count(prefix),
    prune: () => store.prune(),
    async commit(transaction) {
      if (!transaction.expect?.some((e) => e.version > 0)) return store.commit(transaction)
      commits++
      return { ok: false, conflict: transaction.expect[0]!.key }
    },
  })
  return {
    stores: { ...stores, directory: (poolId, p) => conflicting(stores.directory(poolId, p)) },
    commits: () => commits,
  }
}

async function poolOf(services: UserPoolServices, partitions: number) {
  services.defaultPartitions = partitions
  return createPool(services, { PoolName: `p${partitions}` })
}

afterEach(() => vi.restoreAllMocks())

describe('the directory retry policy', () => {
  it('tries a change that always loses exactly `attempts` times, pausing between tries', async () => {
    const pauses: number[] = []
    const policy = {
      attempts: 4,
      pause: jitteredPause(
        10,
        () => 0.5,
        async (ms) => void pauses.push(ms),
      ),
    }
    let tries = 0
    const losing = retryContended(async () => {
      tries++
      throw new ConcurrentModificationException('lost')
    }, policy)
    await expect(losing).rejects.toBeInstanceOf(ConcurrentModificationException)
    expect(tries).toBe(4)
    expect(pauses).toEqual([5, 10, 15])
  })

  it('makes at most 8 writes for a contended change of a user, never nested retries', async () => {
    const { services } = testServices()
    const pool = await poolOf(services, 3)
    await adminCreateUser(services, pool, { Username: 'ann', MessageAction: 'SUPPRESS' })
    const conflicting = alwaysConflicting(services.stores)
    const contended = { ...services, stores: conflicting.stores }
    // No pause at all: the bound is what is under test, not the clock.
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const change = withFreshUser(contended, pool, 'ann', (found) =>
      saveChange(contended, pool, found, (user) => ({ ...user, enabled: false })),
    )
    await expect(change).rejects.toBeInstanceOf(ConcurrentModificationException)
    expect(conflicting.commits()).toBe(CONTENDED_WRITES.attempts)
    expect(CONTENDED_WRITES.attempts).toBe(8)
  })
})

describe('the partition walk', () => {
  it.each([1, 3])('visits every user of a %i-partition pool once', async (partitions) => {
    const { services } = testServices()
    const pool = await poolOf(services, partitions)
    const names = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus']
    for (const Username of names)
      await adminCreateUser(services, pool, { Username, MessageAction: 'SUPPRESS' })
    const visited = await eachPartition(services, pool, async (store) => store)
    expect(new Set(visited).size).toBe(partitions)
    expect(await countUsers(services, pool)).toBe(names.length)
    const seen: string[] = []
    let cursor: Parameters<typeof listUserPage>[2]
    do {
      const page = await listUserPage(services, pool, cursor, 2)
      expect(page.users.length).toBeLessThanOrEqual(2)
      seen.push(...page.users.map((u) => u.username))
      cursor = page.next
    } while (cursor)
    expect(seen.sort()).toEqual(names)
  })
})

describe('alias claims', () => {
  const app = testApp()
  let poolId = ''
  const email = (value: string) => [
    { Name: 'email', Value: value },
    { Name: 'email_verified', Value: 'true' },
  ]
  const create = (Username: string, value: string, ForceAliasCreation?: boolean) =>
    app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username,
      MessageAction: 'SUPPRESS',
      UserAttributes: email(value),
      ...(ForceAliasCreation !== undefined ? { ForceAliasCreation } : {}),
    })
  const attributesOf = async (Username: string) =>
    Object.fromEntries(
      (
        (await app.admin('AdminGetUser', { UserPoolId: poolId, Username })) as {
          UserAttributes: Array<{ Name: string; Value: string }>
        }
      ).UserAttributes.map((a) => [a.Name, a.Value]),
    )

  it('refuses an email another user holds, and moves it under ForceAliasCreation', async () => {
    const created = (await app.admin('CreateUserPool', {
      PoolName: 'aliases',
      AliasAttributes: ['email'],
    })) as { UserPool: { Id: string } }
    poolId = created.UserPool.Id
    await create('alice', 'shared@example.com')
    await expect(create('bob', 'shared@example.com')).rejects.toThrow('AliasExistsException')
    await create('carol', 'carol@example.com')
    await expect(
      app.admin('AdminUpdateUserAttributes', {
        UserPoolId: poolId,
        Username: 'carol',
        UserAttributes: email('shared@example.com'),
      }),
    ).rejects.toThrow('AliasExistsException')
    expect((await attributesOf('carol')).email).toBe('carol@example.com')

    await create('bob', 'shared@example.com', true)
    expect(await attributesOf('alice')).toMatchObject({
      email: 'shared@example.com',
      email_verified: 'false',
    })
    expect(await attributesOf('bob')).toMatchObject({ email_verified: 'true' })
    // The alias now signs in as bob: AdminGetUser resolves aliases as sign-in does.
    expect(
      (await app.admin('AdminGetUser', { UserPoolId: poolId, Username: 'shared@example.com' }))
        .Username,
    ).toBe('bob')
  })
})

describe('provider links', () => {
  it('live in the partition of their own key and go with their user', async () => {
    const { services } = testServices()
    const pool = await poolOf(services, 3)
    await createIdentityProvider(services, pool, {
      ProviderName: 'Upp',
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: 'portcullis',
        authorize_scopes: 'openid',
        oidc_issuer: 'https://idp.example',
      },
    })
    await adminCreateUser(services, pool, { Username: 'dan', MessageAction: 'SUPPRESS' })
    await linkProviderForUser(
      services,
      pool,
      { ProviderName: 'Cognito', ProviderAttributeValue: 'dan' },
      {
        ProviderName: 'Upp',
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: 's:1',
      },
    )
    const key = directoryKeys.providerLink('Upp', 's:1')
    const home = partitionOf(key, pool.partitions)
    for (let partition = 0; partition < pool.partitions; partition++)
      expect((await services.stores.directory(pool.Id, partition).get(key)) !== null).toBe(
        partition === home,
      )
    expect(await services.stores.pool(pool.Id).get(key)).toBeNull()
    expect((await findLinkedUser(services, pool, 'Upp', 's:1'))?.user.username).toBe('dan')

    await adminDeleteUser(services, pool, 'dan')
    expect(await getUserByUsername(services, pool, 'dan')).toBeNull()
    expect(await services.stores.directory(pool.Id, home).get(key)).toBeNull()
    expect(await findLinkedUser(services, pool, 'Upp', 's:1')).toBeNull()
  })
})
