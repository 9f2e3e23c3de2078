import { describe, expect, it } from 'vitest'
import type { RecordStore, StoredRecord, Stores } from '../../src/storage/record-store'
import { updateClient } from '../../src/userpool/clients/clients'
import { createGroup, listGroups, updateGroup } from '../../src/userpool/groups/groups'
import {
  createIdentityProvider,
  findIdentityProvider,
  listIdentityProviders,
} from '../../src/userpool/identity-providers/identity-providers'
import { updatePool } from '../../src/userpool/pools/pool-admin'
import type { UserPoolClientConfig } from '../../src/userpool/model'
import type { UserPoolServices } from '../../src/userpool/services'
import { findClient, findGroup, findPool } from '../../src/userpool/store/pool-repository'
import { clientRecords } from '../../src/userpool/store/pool-store'
import { poolIdForClient } from '../../src/userpool/store/registry-store'
import { poolKeys } from '../../src/userpool/store/pool-keys'
import { poolJwks, signWithPoolKey } from '../../src/userpool/pools/signing'
import { poolWithClient, testServices } from './support/user-pool'

/** The services, with every `get` of a pool's store and of the registry going through `get`. */
function withGet(
  services: UserPoolServices,
  get: (store: RecordStore, key: string) => Promise<StoredRecord<unknown> | null>,
): UserPoolServices {
  const wrapped = (store: RecordStore): RecordStore => ({
    get: <T>(key: string) => get(store, key) as Promise<StoredRecord<T> | null>,
    getMany: store.getMany.bind(store),
    list: store.list.bind(store),
    commit: store.commit.bind(store),
    count: store.count.bind(store),
    prune: store.prune.bind(store),
  })
  const stores: Stores = {
    ...services.stores,
    registry: () => wrapped(services.stores.registry()),
    pool: (poolId) => wrapped(services.stores.pool(poolId)),
  }
  return { ...services, stores }
}

describe('the pool store repository', () => {
  it('shows a write to the next read at once, though the cache served the read before', async () => {
    const { services } = testServices()
    const { pool, client } = await poolWithClient(services)
    await createGroup(services, pool, 'readers', { Precedence: 1 })
    // Read everything once, so the cache holds it; the clock does not move afterwards.
    expect((await findPool(services, pool.Id))?.Name).toBe('unit')
    expect((await findClient(services, pool.Id, client.ClientId))?.ClientName).toBe('app')
    expect((await findGroup(services, pool.Id, 'readers'))?.Precedence).toBe(1)

    await updatePool(services, pool.Id, { PoolName: 'renamed' })
    await updateClient(services, pool.Id, client.ClientId, { ClientName: 'renamed-app' })
    await updateGroup(services, pool, 'readers', { Precedence: 2 })

    expect((await findPool(services, pool.Id))?.Name).toBe('renamed')
    expect((await findClient(services, pool.Id, client.ClientId))?.ClientName).toBe('renamed-app')
    expect((await findGroup(services, pool.Id, 'readers'))?.Precedence).toBe(2)
  })

  it('caches an unknown client id as a miss, and finds the client created with it afterwards', async () => {
    const base = testServices()
    const { pool, client } = await poolWithClient(base.services)
    const reads: string[] = []
    const services = withGet(base.services, (store, key) => {
      reads.push(key)
      return store.get(key)
    })
    const clientId = 'later0client0id0000000000'

    expect(await poolIdForClient(services, clientId)).toBeNull()
    expect(await findClient(services, pool.Id, clientId)).toBeNull()
    const readsOfMisses = reads.length
    expect(await poolIdForClient(services, clientId)).toBeNull()
    expect(await findClient(services, pool.Id, clientId)).toBeNull()
    expect(reads.length).toBe(readsOfMisses)

    const later: UserPoolClientConfig = { ...client, ClientId: clientId, ClientName: 'later' }
    await clientRecords.create(services, pool.Id, later)
    expect(await poolIdForClient(services, clientId)).toBe(pool.Id)
    expect((await findClient(services, pool.Id, clientId))?.ClientName).toBe('later')
  })

  it('does not cache what a read saw when a write finished while it was under way', async () => {
    const base = testServices()
    const { pool } = await poolWithClient(base.services)
    await createGroup(base.services, pool, 'slow', { Precedence: 1 })
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const held = withGet(base.services, async (store, key) => {
      const record = await store.get(key)
      await gate
      return record
    })
    const slowRead = findGroup(held, pool.Id, 'slow')
    await updateGroup(base.services, pool, 'slow', { Precedence: 2 })
    release()
    expect((await slowRead)?.Precedence).toBe(1)
    expect((await findGroup(base.services, pool.Id, 'slow'))?.Precedence).toBe(2)
  })

  it('keeps records whose names hold : or % apart', async () => {
    const { services } = testServices()
    const { pool } = await poolWithClient(services)
    const names = ['a', 'a:b', 'a%3Ab', 'a%', 'a:', ':b']
    for (const [i, name] of names.entries())
      await createGroup(services, pool, name, { Precedence: i })
    for (const [i, name] of names.entries())
      expect((await findGroup(services, pool.Id, name))?.Precedence).toBe(i)
    expect(
      (await listGroups(services, pool, 60, undefined)).groups.map((g) => g.GroupName),
    ).toEqual([...names].sort())

    for (const name of ['Upp', 'Upp:x', 'Upp%3Ax'])
      await createIdentityProvider(services, pool, {
        ProviderName: name,
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: name,
          authorize_scopes: 'openid',
          oidc_issuer: 'https://idp.example',
        },
      })
    for (const name of ['Upp', 'Upp:x', 'Upp%3Ax'])
      expect((await findIdentityProvider(services, pool, name))?.ProviderDetails.client_id).toBe(
        name,
      )
    expect(
      (await listIdentityProviders(services, pool, 60, undefined)).providers.map(
        (p) => p.ProviderName,
      ),
    ).toEqual(['Upp', 'Upp%3Ax', 'Upp:x'])
  })

  it('stores signing keys with the pool, and never makes one on a request', async () => {
    const base = testServices()
    let made = 0
    const services: UserPoolServices = {
      ...base.services,
      newSigningKey: () => {
        made++
        return base.services.newSigningKey()
      },
    }
    const { pool } = await poolWithClient(services)
    expect(made).toBe(2)
    expect((await poolJwks(services, pool.Id)).keys).toHaveLength(2)
    // A pool whose keys are gone is refused, not given new keys.
    await services.stores.pool(pool.Id).commit({ delete: [poolKeys.signingKeys] })
    base.advance(60_000)
    await expect(poolJwks(services, pool.Id)).rejects.toThrow(/does not exist/)
    await expect(signWithPoolKey(services, pool.Id, { sub: 'x' })).rejects.toThrow(/does not exist/)
    expect(made).toBe(2)
    expect(await services.stores.pool(pool.Id).get(poolKeys.signingKeys)).toBeNull()
  })
})
