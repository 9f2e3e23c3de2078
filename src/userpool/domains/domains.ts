import { storeKey } from '../../storage/keys'
import { InvalidParameterException, ResourceNotFoundException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

/** A pool's hosted-UI domain: a prefix (`<prefix>.auth.<region>.…`) or a custom hostname. */
export interface PoolDomain {
  UserPoolId: string
  Domain: string
  custom: boolean
}

const registryDomainKey = (domain: string) => storeKey('domain', domain.toLowerCase())
const POOL_DOMAIN_KEY = 'domain'

/** CreateUserPoolDomain: one domain per pool, each domain name used once across all pools. */
export async function createDomain(
  services: UserPoolServices,
  pool: UserPoolConfig,
  domain: string,
  custom: boolean,
): Promise<PoolDomain> {
  const existing = await services.stores.pool(pool.Id).get<PoolDomain>(POOL_DOMAIN_KEY)
  if (existing)
    throw new InvalidParameterException(`User pool ${pool.Id} already has a domain configured.`)
  const record: PoolDomain = { UserPoolId: pool.Id, Domain: domain, custom }
  const claimed = await services.stores.registry().commit({
    expect: [{ key: registryDomainKey(domain), version: 0 }],
    put: [{ key: registryDomainKey(domain), value: record }],
  })
  if (!claimed.ok)
    throw new InvalidParameterException('Domain already associated with another user pool.')
  await services.stores.pool(pool.Id).commit({ put: [{ key: POOL_DOMAIN_KEY, value: record }] })
  return record
}

export async function findDomain(
  services: UserPoolServices,
  domain: string,
): Promise<PoolDomain | null> {
  return (
    (await services.stores.registry().get<PoolDomain>(registryDomainKey(domain)))?.value ?? null
  )
}

export async function deleteDomain(
  services: UserPoolServices,
  pool: UserPoolConfig,
  domain: string,
): Promise<void> {
  const record = await findDomain(services, domain)
  if (!record || record.UserPoolId !== pool.Id)
    throw new ResourceNotFoundException(`Domain ${domain} does not exist for user pool ${pool.Id}.`)
  await services.stores.registry().commit({ delete: [registryDomainKey(domain)] })
  await services.stores.pool(pool.Id).commit({ delete: [POOL_DOMAIN_KEY] })
}

/**
 * The pool a request's host names: a custom domain exactly, or a prefix domain's first label.
 * Loopback hosts name no pool: there the client id decides.
 */
export async function poolIdForHost(
  services: UserPoolServices,
  host: string,
): Promise<string | null> {
  const hostname = host.replace(/:\d+$/, '').toLowerCase()
  if (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]') return null
  const exact = await findDomain(services, hostname)
  if (exact) return exact.UserPoolId
  const prefix = hostname.split('.')[0] ?? ''
  const byPrefix = await findDomain(services, prefix)
  return byPrefix && !byPrefix.custom ? byPrefix.UserPoolId : null
}
