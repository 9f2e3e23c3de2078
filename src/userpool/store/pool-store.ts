import {
  GroupExistsException,
  InvalidParameterException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import type { GroupConfig, PoolSigningKeys, UserPoolClientConfig, UserPoolConfig } from '../model'
import { epochSeconds, type UserPoolServices } from '../services'
import { cachedPoolValue, commitToPool, forgetPool } from './cached-stores'
import { poolKeys } from './pool-keys'
import { recordFamily, type RecordFamily } from './record-family'
import { indexClient, listPoolEntry, unindexClient, unlistPool } from './registry-store'
import { poolDomain } from './pool-settings-store'

/**
 * The pool store's repository: what the domain asks of a pool's configuration, keys, clients and
 * groups. It alone holds versions and compare-and-set, and keeps the per-isolate cache honest.
 */

/** The pool's configuration, read through the cache. */
export const poolConfig = (services: UserPoolServices, poolId: string) =>
  cachedPoolValue<UserPoolConfig>(services, poolId, poolKeys.config)

/** The pool's signing keys, read through the cache. */
export const poolSigningKeys = (services: UserPoolServices, poolId: string) =>
  cachedPoolValue<PoolSigningKeys>(services, poolId, poolKeys.signingKeys)

/**
 * CreateUserPool's writes: the configuration with its signing keys in one commit (so no request
 * ever finds a pool without keys), then its registry entry.
 */
export async function storeNewPool(
  services: UserPoolServices,
  pool: UserPoolConfig,
  signingKeys: PoolSigningKeys,
): Promise<void> {
  const created = await commitToPool(services, pool.Id, {
    expect: [{ key: poolKeys.config, version: 0 }],
    put: [
      { key: poolKeys.signingKeys, value: signingKeys },
      { key: poolKeys.config, value: pool },
    ],
  })
  if (!created.ok) throw new InvalidParameterException(`User pool ${pool.Id} already exists.`)
  await listPoolEntry(services, pool)
}

/** Attempts of `changePool` before it gives up: the only pool-store write that retries. */
const POOL_WRITE_ATTEMPTS = 5

/**
 * Changes a pool's configuration by compare-and-set, applying `change` anew to the stored
 * configuration after a concurrent write (so settings written meanwhile are kept), then refreshes
 * the registry entry. `LastModifiedDate` is set here.
 */
export async function changePool(
  services: UserPoolServices,
  poolId: string,
  change: (pool: UserPoolConfig) => UserPoolConfig,
): Promise<UserPoolConfig> {
  const store = services.stores.pool(poolId)
  for (let attempt = 0; attempt < POOL_WRITE_ATTEMPTS; attempt++) {
    const current = await store.get<UserPoolConfig>(poolKeys.config)
    if (!current) throw new ResourceNotFoundException(`User pool ${poolId} does not exist.`)
    const next = { ...change(current.value), LastModifiedDate: epochSeconds(services) }
    const result = await commitToPool(services, poolId, {
      expect: [{ key: poolKeys.config, version: current.version }],
      put: [{ key: poolKeys.config, value: next }],
    })
    if (result.ok) {
      await listPoolEntry(services, next)
      return next
    }
  }
  throw new InvalidParameterException('The user pool was modified concurrently; try again.')
}

/**
 * DeleteUserPool's writes to the registry and the pool's store: the registry entry goes first so
 * the pool disappears from listings at once, then its domain, its configuration (no request finds
 * the pool from here on), then every other record, each client with its registry index entry.
 * The directory partitions are the caller's.
 */
export async function deletePoolRecords(services: UserPoolServices, poolId: string): Promise<void> {
  await unlistPool(services, poolId)
  const domain = await poolDomain.find(services, poolId)
  if (domain) await poolDomain.release(services, poolId, domain.Domain)
  await commitToPool(services, poolId, { delete: [poolKeys.config] })
  const store = services.stores.pool(poolId)
  for (;;) {
    const page = await store.list<unknown>('', { limit: 200 })
    if (page.records.length === 0) break
    for (const record of page.records) {
      if (record.key.startsWith(poolKeys.clients))
        await unindexClient(services, record.key.slice(poolKeys.clients.length))
    }
    await commitToPool(services, poolId, { delete: page.records.map((r) => r.key) })
  }
  forgetPool(poolId)
}

const clients = recordFamily<UserPoolClientConfig>({
  key: poolKeys.client,
  prefix: poolKeys.clients,
  idOf: (client) => client.ClientId,
  cached: true,
  exists: (id) => new InvalidParameterException(`User pool client ${id} already exists.`),
  missing: (id) => new ResourceNotFoundException(`User pool client ${id} does not exist.`),
  conflict: () => new InvalidParameterException('The client was modified concurrently; try again.'),
})

/**
 * App clients. `create` writes the registry's client → pool index before the client and `remove`
 * removes it after, so an indexed id may name no client but a client is always indexed.
 */
export const clientRecords: RecordFamily<UserPoolClientConfig> = {
  ...clients,
  async create(services, poolId, client) {
    await indexClient(services, client.ClientId, poolId)
    return clients.create(services, poolId, client)
  },
  async remove(services, poolId, clientId) {
    await clients.remove(services, poolId, clientId)
    await unindexClient(services, clientId)
  },
}

/** Group definitions (memberships are the directory's). */
export const groupRecords = recordFamily<GroupConfig>({
  key: poolKeys.group,
  prefix: poolKeys.groups,
  idOf: (group) => group.GroupName,
  cached: true,
  exists: () => new GroupExistsException('A group with the name already exists.'),
  missing: () => new ResourceNotFoundException('Group not found.'),
  conflict: () => new InvalidParameterException('The group was modified concurrently; try again.'),
})
