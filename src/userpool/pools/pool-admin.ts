import { InvalidParameterException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'
import {
  clientIndexKey,
  invalidateClientIndex,
  invalidatePoolCache,
  poolKeys,
  registryKey,
  registryPrefix,
  requirePool,
} from '../store/pool-repository'
import { deleteDomain } from '../domains/domains'
import { clearDirectory } from '../store/user-listing'
import { checkMfaConfiguration } from '../mfa/mfa-mode'
import { mutableSettings, type CreatePoolInput } from './pools'
import { mergeSchema, type SchemaAttributeInput } from '../attributes/schema'
import { epochSeconds, type UserPoolServices } from '../services'

/** What UpdateUserPool may change; sign-in attributes, schema and case sensitivity are fixed. */
export type UpdatePoolInput = Omit<
  CreatePoolInput,
  'PoolName' | 'AliasAttributes' | 'UsernameAttributes' | 'UsernameConfiguration' | 'Schema'
> & { PoolName?: string }

/** Changes a pool's configuration by compare-and-set, retrying on concurrent writes. */
export async function writePool(
  services: UserPoolServices,
  poolId: string,
  change: (pool: UserPoolConfig) => UserPoolConfig,
): Promise<UserPoolConfig> {
  const store = services.stores.pool(poolId)
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.get<UserPoolConfig>(poolKeys.config)
    if (!current) return requirePool(services, poolId)
    const next = { ...change(current.value), LastModifiedDate: epochSeconds(services) }
    const result = await store.commit({
      expect: [{ key: poolKeys.config, version: current.version }],
      put: [{ key: poolKeys.config, value: next }],
    })
    if (result.ok) {
      invalidatePoolCache(poolId)
      await services.stores.registry().commit({
        put: [
          {
            key: registryKey(poolId),
            value: {
              Id: poolId,
              Name: next.Name,
              CreationDate: next.CreationDate,
              LastModifiedDate: next.LastModifiedDate,
            },
          },
        ],
      })
      return next
    }
  }
  throw new InvalidParameterException('The user pool was modified concurrently; try again.')
}

/**
 * UpdateUserPool, with Cognito's semantics: members left out return to their defaults (so a caller
 * sends the whole configuration), except what cannot change after creation.
 */
export async function updatePool(
  services: UserPoolServices,
  poolId: string,
  input: UpdatePoolInput,
): Promise<void> {
  await requirePool(services, poolId)
  await writePool(services, poolId, (pool) => {
    const settings = mutableSettings(input)
    checkMfaConfiguration(settings.MfaConfiguration, pool.softwareTokenMfa === true)
    return { ...pool, Name: input.PoolName ?? pool.Name, ...settings }
  })
}

/** AddCustomAttributes: new `custom:` (or `dev:`) attributes only. */
export async function addCustomAttributes(
  services: UserPoolServices,
  poolId: string,
  attributes: SchemaAttributeInput[],
): Promise<void> {
  await requirePool(services, poolId)
  await writePool(services, poolId, (pool) => ({
    ...pool,
    SchemaAttributes: mergeSchema(pool.SchemaAttributes, attributes, { creating: false }),
  }))
}

/**
 * DeleteUserPool: refused under deletion protection. The registry entry goes first so the pool
 * disappears from listings at once, then clients and their index, then every directory partition,
 * then the configuration and keys.
 */
export async function deletePool(services: UserPoolServices, poolId: string): Promise<void> {
  const pool = await requirePool(services, poolId)
  if (pool.DeletionProtection === 'ACTIVE')
    throw new InvalidParameterException(
      'The user pool cannot be deleted because deletion protection is activated.',
    )
  await services.stores.registry().commit({ delete: [registryKey(pool.Id)] })
  const poolStore = services.stores.pool(pool.Id)
  const domain = await poolStore.get<{ Domain: string }>('domain')
  if (domain) await deleteDomain(services, pool, domain.value.Domain)
  await poolStore.commit({ delete: [poolKeys.config] })
  invalidatePoolCache(pool.Id)
  for (;;) {
    const page = await poolStore.list<unknown>('', { limit: 200 })
    if (page.records.length === 0) break
    for (const record of page.records) {
      if (record.key.startsWith(poolKeys.clientPrefix)) {
        const clientId = record.key.slice(poolKeys.clientPrefix.length)
        await services.stores.registry().commit({ delete: [clientIndexKey(clientId)] })
        invalidateClientIndex(clientId)
      }
    }
    await poolStore.commit({ delete: page.records.map((r) => r.key) })
  }
  await clearDirectory(services, pool)
  invalidatePoolCache(pool.Id)
}

/** ListUserPools: pools in id order, paged by the last id. */
export async function listPools(
  services: UserPoolServices,
  limit: number,
  after: string | undefined,
): Promise<{
  pools: Array<{ Id: string; Name: string; CreationDate: number; LastModifiedDate: number }>
  next?: string
}> {
  const page = await services.stores
    .registry()
    .list<{ Id: string; Name: string; CreationDate: number; LastModifiedDate: number }>(
      registryPrefix,
      {
        limit,
        ...(after ? { after: registryKey(after) } : {}),
      },
    )
  const pools = page.records.map((r) => r.value)
  return page.next ? { pools, next: pools[pools.length - 1]!.Id } : { pools }
}
