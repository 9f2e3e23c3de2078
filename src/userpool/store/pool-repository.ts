import { ResourceNotFoundException } from '../../errors/cognito'
import type { GroupConfig, PoolSigningKeys, UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { clientRecords, groupRecords, poolConfig, poolSigningKeys } from './pool-store'

/**
 * The reads every request makes of a pool: configuration, clients, groups and signing keys, all
 * through the pool store's per-isolate cache (see cached-stores.ts), which its writes keep honest.
 */

/** Pool ids are `region_suffix`; anything else cannot name a pool and is not looked up. */
const POOL_ID_PATTERN = /^[\w-]+_[0-9a-zA-Z]+$/

export async function findPool(
  services: UserPoolServices,
  poolId: string,
): Promise<UserPoolConfig | null> {
  if (!POOL_ID_PATTERN.test(poolId) || poolId.length > 55) return null
  return poolConfig(services, poolId)
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
  return clientRecords.find(services, poolId, clientId)
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
  return groupRecords.find(services, poolId, groupName)
}

export async function requireSigningKeys(
  services: UserPoolServices,
  poolId: string,
): Promise<PoolSigningKeys> {
  const keys = await poolSigningKeys(services, poolId)
  if (!keys) throw new ResourceNotFoundException(`User pool ${poolId} does not exist.`)
  return keys
}
