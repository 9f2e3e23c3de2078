import { InvalidParameterException, ResourceNotFoundException } from '../../errors/cognito'
import type { PoolDomain, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { poolDomain } from '../store/pool-settings-store'
import { findDomainClaim } from '../store/registry-store'

/** CreateUserPoolDomain: one domain per pool, each domain name used once across all pools. */
export async function createDomain(
  services: UserPoolServices,
  pool: UserPoolConfig,
  domain: string,
  custom: boolean,
): Promise<PoolDomain> {
  if (await poolDomain.find(services, pool.Id))
    throw new InvalidParameterException(`User pool ${pool.Id} already has a domain configured.`)
  const record: PoolDomain = { UserPoolId: pool.Id, Domain: domain, custom }
  await poolDomain.claim(services, record)
  return record
}

/** DescribeUserPoolDomain's lookup: the claim on a domain name (any case), or null. */
export const findDomain = findDomainClaim

export async function deleteDomain(
  services: UserPoolServices,
  pool: UserPoolConfig,
  domain: string,
): Promise<void> {
  const record = await findDomain(services, domain)
  if (!record || record.UserPoolId !== pool.Id)
    throw new ResourceNotFoundException(`Domain ${domain} does not exist for user pool ${pool.Id}.`)
  await poolDomain.release(services, pool.Id, domain)
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
