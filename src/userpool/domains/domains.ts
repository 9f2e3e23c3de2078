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
  settings: Pick<PoolDomain, 'ManagedLoginVersion' | 'CustomDomainConfig'>,
): Promise<PoolDomain> {
  if (await poolDomain.find(services, pool.Id))
    throw new InvalidParameterException(`User pool ${pool.Id} already has a domain configured.`)
  const version = checkVersion(settings.ManagedLoginVersion)
  const record: PoolDomain = {
    UserPoolId: pool.Id,
    Domain: domain,
    custom: settings.CustomDomainConfig !== undefined,
    ManagedLoginVersion: version,
    ...(settings.CustomDomainConfig ? { CustomDomainConfig: settings.CustomDomainConfig } : {}),
  }
  await poolDomain.claim(services, record)
  return record
}

/** ManagedLoginVersion: 1 (classic hosted UI, the default) or 2 (managed login). */
function checkVersion(version: number | undefined): number {
  if (version === undefined) return 1
  if (version !== 1 && version !== 2)
    throw new InvalidParameterException('ManagedLoginVersion must be 1 or 2.')
  return version
}

/**
 * UpdateUserPoolDomain: the pool's domain keeps its name; its ManagedLoginVersion and, for a custom
 * domain, its certificate change (members not given keep their values). A prefix domain has no
 * certificate to change.
 */
export async function updateDomain(
  services: UserPoolServices,
  pool: UserPoolConfig,
  domain: string,
  settings: Pick<PoolDomain, 'ManagedLoginVersion' | 'CustomDomainConfig'>,
): Promise<PoolDomain> {
  const current = await poolDomain.find(services, pool.Id)
  if (!current || current.Domain.toLowerCase() !== domain.toLowerCase())
    throw new ResourceNotFoundException(`Domain ${domain} does not exist for user pool ${pool.Id}.`)
  if (settings.CustomDomainConfig && !current.custom)
    throw new InvalidParameterException(
      `${domain} is a prefix domain: it has no certificate (CustomDomainConfig) to update.`,
    )
  const updated: PoolDomain = {
    ...current,
    ManagedLoginVersion:
      settings.ManagedLoginVersion !== undefined
        ? checkVersion(settings.ManagedLoginVersion)
        : (current.ManagedLoginVersion ?? 1),
    ...(settings.CustomDomainConfig ? { CustomDomainConfig: settings.CustomDomainConfig } : {}),
  }
  await poolDomain.update(services, updated)
  return updated
}

/** The pool's own record of its domain (with its settings), or null. */
export const poolDomainSettings = poolDomain.find

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
