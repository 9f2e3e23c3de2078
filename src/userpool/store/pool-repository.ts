import { storeKey, storeKeyPrefix } from '../../storage/keys'
import { ResourceNotFoundException } from '../../errors/cognito'
import type { GroupConfig, StoredSigningKey, UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { BoundedCache } from '../../storage/bounded-cache'

/** Keys of a pool's store. */
export const poolKeys = {
  config: 'config',
  client: (clientId: string) => storeKey('client', clientId),
  clientPrefix: storeKeyPrefix('client'),
  group: (groupName: string) => storeKey('group', groupName),
  groupPrefix: storeKeyPrefix('group'),
  signingKeys: 'signing-keys',
} as const

/** The registry's key for a pool, and the prefix of them all. */
export const registryKey = (poolId: string): string => storeKey('pool', poolId)
export const registryPrefix = storeKeyPrefix('pool')

export interface PoolSigningKeys {
  active: StoredSigningKey
  next: StoredSigningKey
}

/**
 * Read-mostly pool data is cached per isolate for a short time; writes through this isolate drop
 * the entry at once, other isolates see them within CACHE_TTL_MS. Bounded: misses are cached too
 * (an unknown ClientId asked for again and again costs no read), and callers choose the ids.
 */
const CACHE_TTL_MS = 2_000
const cache = new BoundedCache<string, { value: unknown; loadedAt: number }>(10_000)

async function cached<T>(
  services: UserPoolServices,
  poolId: string,
  key: string,
): Promise<T | null> {
  const cacheKey = `${poolId}|${key}`
  const hit = cache.get(cacheKey)
  if (hit && services.now() - hit.loadedAt < CACHE_TTL_MS) return hit.value as T | null
  const record = await services.stores.pool(poolId).get<T>(key)
  cache.set(cacheKey, { value: record?.value ?? null, loadedAt: services.now() })
  return record?.value ?? null
}

/** Forgets cached entries of a pool (all of them, or one key) after a write. */
export function invalidatePoolCache(poolId: string, key?: string): void {
  if (key !== undefined) {
    cache.delete(`${poolId}|${key}`)
    return
  }
  cache.deleteWhere((cacheKey) => cacheKey.startsWith(`${poolId}|`))
}

/** Pool ids are `region_suffix`; anything else cannot name a pool and is not looked up. */
const POOL_ID_PATTERN = /^[\w-]+_[0-9a-zA-Z]+$/

export async function findPool(
  services: UserPoolServices,
  poolId: string,
): Promise<UserPoolConfig | null> {
  if (!POOL_ID_PATTERN.test(poolId) || poolId.length > 55) return null
  return cached<UserPoolConfig>(services, poolId, poolKeys.config)
}

export async function requirePool(
  services: UserPoolServices,
  poolId: string,
): Promise<UserPoolConfig> {
  const pool = await findPool(services, poolId)
  if (!pool) throw new ResourceNotFoundException(`User pool ${poolId} does not exist.`)
  return pool
}

export async function findClient(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
): Promise<UserPoolClientConfig | null> {
  return cached<UserPoolClientConfig>(services, poolId, poolKeys.client(clientId))
}

export async function requireClient(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
): Promise<UserPoolClientConfig> {
  const client = await findClient(services, poolId, clientId)
  if (!client) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`)
  return client
}

export async function findGroup(
  services: UserPoolServices,
  poolId: string,
  groupName: string,
): Promise<GroupConfig | null> {
  return cached<GroupConfig>(services, poolId, poolKeys.group(groupName))
}

export async function requireSigningKeys(
  services: UserPoolServices,
  poolId: string,
): Promise<PoolSigningKeys> {
  const keys = await cached<PoolSigningKeys>(services, poolId, poolKeys.signingKeys)
  if (!keys) throw new ResourceNotFoundException(`User pool ${poolId} does not exist.`)
  return keys
}

/**
 * Public-client lookups (InitiateAuth, SignUp, …) name only a ClientId. The client id carries no
 * pool, so an index in the registry maps client → pool; it is written before the client itself.
 */
export const clientIndexKey = (clientId: string): string => storeKey('client-pool', clientId)

export async function poolIdForClient(
  services: UserPoolServices,
  clientId: string,
): Promise<string | null> {
  const hit = cache.get(`registry|${clientIndexKey(clientId)}`)
  if (hit && services.now() - hit.loadedAt < CACHE_TTL_MS) return hit.value as string | null
  const record = await services.stores.registry().get<{ poolId: string }>(clientIndexKey(clientId))
  const poolId = record?.value.poolId ?? null
  cache.set(`registry|${clientIndexKey(clientId)}`, { value: poolId, loadedAt: services.now() })
  return poolId
}

export function invalidateClientIndex(clientId: string): void {
  cache.delete(`registry|${clientIndexKey(clientId)}`)
}
