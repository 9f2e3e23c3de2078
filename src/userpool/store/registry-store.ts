import { InvalidParameterException } from '../../errors/cognito'
import type { PoolDomain, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { cachedRegistryValue, commitToRegistry } from './cached-stores'
import { registryKeys } from './registry-keys'

/** A pool as ListUserPools shows it. */
export interface PoolEntry {
  Id: string
  Name: string
  CreationDate: number
  LastModifiedDate: number
  /** The pool's LambdaConfig as last written (absent from entries listed before it was kept). */
  LambdaConfig?: Record<string, unknown>
}

/** Lists a pool (or refreshes its entry after its name or dates changed). */
export async function listPoolEntry(
  services: UserPoolServices,
  pool: UserPoolConfig,
): Promise<void> {
  const entry: PoolEntry = {
    Id: pool.Id,
    Name: pool.Name,
    CreationDate: pool.CreationDate,
    LastModifiedDate: pool.LastModifiedDate,
    ...(isObject(pool.Extra.LambdaConfig) ? { LambdaConfig: pool.Extra.LambdaConfig } : {}),
  }
  await commitToRegistry(services, { put: [{ key: registryKeys.pool(pool.Id), value: entry }] })
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export async function unlistPool(services: UserPoolServices, poolId: string): Promise<void> {
  await commitToRegistry(services, { delete: [registryKeys.pool(poolId)] })
}

/** Listed pools in id order; `next` is the last id of the page when more may follow. */
export async function listPoolEntries(
  services: UserPoolServices,
  limit: number,
  after: string | undefined,
): Promise<{ pools: PoolEntry[]; next?: string }> {
  const page = await services.stores.registry().list<PoolEntry>(registryKeys.pools, {
    limit,
    ...(after ? { after: registryKeys.pool(after) } : {}),
  })
  const pools = page.records.map((r) => r.value)
  return page.next ? { pools, next: pools[pools.length - 1]!.Id } : { pools }
}

/** The pool a ClientId belongs to, or null (cached, misses too). */
export async function poolIdForClient(
  services: UserPoolServices,
  clientId: string,
): Promise<string | null> {
  const entry = await cachedRegistryValue<{ poolId: string }>(
    services,
    registryKeys.clientPool(clientId),
  )
  return entry?.poolId ?? null
}

export async function indexClient(
  services: UserPoolServices,
  clientId: string,
  poolId: string,
): Promise<void> {
  await commitToRegistry(services, {
    put: [{ key: registryKeys.clientPool(clientId), value: { poolId } }],
  })
}

export async function unindexClient(services: UserPoolServices, clientId: string): Promise<void> {
  await commitToRegistry(services, { delete: [registryKeys.clientPool(clientId)] })
}

/** Claims a domain name for a pool; refused when any pool (this one too) holds it already. */
export async function claimDomain(services: UserPoolServices, domain: PoolDomain): Promise<void> {
  const key = registryKeys.domain(domain.Domain)
  const claimed = await commitToRegistry(services, {
    expect: [{ key, version: 0 }],
    put: [{ key, value: domain }],
  })
  if (!claimed.ok)
    throw new InvalidParameterException('Domain already associated with another user pool.')
}

/** The claim on a domain name (any case), or null. */
export async function findDomainClaim(
  services: UserPoolServices,
  domain: string,
): Promise<PoolDomain | null> {
  return (
    (await services.stores.registry().get<PoolDomain>(registryKeys.domain(domain)))?.value ?? null
  )
}

export async function releaseDomainClaim(
  services: UserPoolServices,
  domain: string,
): Promise<void> {
  await commitToRegistry(services, { delete: [registryKeys.domain(domain)] })
}
