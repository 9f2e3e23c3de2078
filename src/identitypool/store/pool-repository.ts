import { ResourceNotFoundException, TooManyRequestsException } from '../../errors/cognito'
import type { UserPoolServices } from '../../userpool/services'
import type { IdentityPoolConfig } from '../model'
import { identityPoolKeys } from './keys'

/** An identity pool as the registry lists it (ListIdentityPools). */
export interface IdentityPoolEntry {
  IdentityPoolId: string
  IdentityPoolName: string
}

const registryEntry = (pool: IdentityPoolConfig): IdentityPoolEntry => ({
  IdentityPoolId: pool.IdentityPoolId,
  IdentityPoolName: pool.IdentityPoolName,
})

/** Identity pool ids are `region:uuid`; anything else names no pool and is not looked up. */
const POOL_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/

export async function findIdentityPool(
  services: Pick<UserPoolServices, 'stores'>,
  identityPoolId: string,
): Promise<IdentityPoolConfig | null> {
  if (!POOL_ID_PATTERN.test(identityPoolId) || identityPoolId.length > 55) return null
  const record = await services.stores
    .identityPool(identityPoolId)
    .get<IdentityPoolConfig>(identityPoolKeys.config)
  return record?.value ?? null
}

export async function requireIdentityPool(
  services: UserPoolServices,
  identityPoolId: string,
): Promise<IdentityPoolConfig> {
  const pool = await findIdentityPool(services, identityPoolId)
  if (!pool)
    throw new ResourceNotFoundException(`IdentityPool '${identityPoolId}' not found.`.slice(0, 200))
  return pool
}

/** Stores a new pool: its configuration first, then its registry entry (so listings never name a missing pool). */
export async function insertIdentityPool(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
): Promise<void> {
  const result = await services.stores.identityPool(pool.IdentityPoolId).commit({
    expect: [{ key: identityPoolKeys.config, version: 0 }],
    put: [{ key: identityPoolKeys.config, value: pool }],
  })
  if (!result.ok) throw new TooManyRequestsException('Identity pool id collision; try again.')
  await services.stores.registry().commit({
    put: [{ key: identityPoolKeys.registry(pool.IdentityPoolId), value: registryEntry(pool) }],
  })
}

/**
 * Changes a pool's configuration by compare-and-set, retrying on concurrent writes; `change` may
 * throw to refuse. The registry entry follows (its name may have changed).
 */
export async function changeIdentityPool(
  services: UserPoolServices,
  identityPoolId: string,
  change: (pool: IdentityPoolConfig) => IdentityPoolConfig,
): Promise<IdentityPoolConfig> {
  const store = services.stores.identityPool(identityPoolId)
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.get<IdentityPoolConfig>(identityPoolKeys.config)
    if (!current) return requireIdentityPool(services, identityPoolId)
    const next = change(current.value)
    const result = await store.commit({
      expect: [{ key: identityPoolKeys.config, version: current.version }],
      put: [{ key: identityPoolKeys.config, value: next }],
    })
    if (result.ok) {
      await services.stores.registry().commit({
        put: [{ key: identityPoolKeys.registry(identityPoolId), value: registryEntry(next) }],
      })
      return next
    }
  }
  throw new TooManyRequestsException('The identity pool was modified concurrently; try again.')
}

/**
 * Removes a pool: its registry entry first (it disappears from listings at once), then its
 * configuration. Its identities are the identity repository's to remove.
 */
export async function removeIdentityPool(
  services: UserPoolServices,
  identityPoolId: string,
): Promise<void> {
  await services.stores.registry().commit({ delete: [identityPoolKeys.registry(identityPoolId)] })
  await services.stores.identityPool(identityPoolId).commit({ delete: [identityPoolKeys.config] })
}

/** Registry entries in id order after `after` (an id), at most `limit`. */
export async function listIdentityPoolEntries(
  services: Pick<UserPoolServices, 'stores'>,
  limit: number,
  after: string | undefined,
): Promise<{ pools: IdentityPoolEntry[]; next?: string }> {
  const page = await services.stores
    .registry()
    .list<IdentityPoolEntry>(identityPoolKeys.registryPrefix, {
      limit,
      ...(after !== undefined ? { after: identityPoolKeys.registry(after) } : {}),
    })
  const pools = page.records.map((r) => r.value)
  return page.next ? { pools, next: pools[pools.length - 1]!.IdentityPoolId } : { pools }
}
