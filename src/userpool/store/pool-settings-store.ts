import {
  DuplicateProviderException,
  InvalidParameterException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import type { IdentityProvider, PoolDomain, ResourceServer, UICustomization } from '../model'
import type { RiskConfiguration } from '../risk/risk-types'
import type { UserPoolServices } from '../services'
import { commitToPool } from './cached-stores'
import { poolKeys } from './pool-keys'
import { recordFamily } from './record-family'
import { claimDomain, findDomainClaim, releaseDomainClaim } from './registry-store'

/**
 * The pool store's repository for what the hosted UI and federation read besides clients:
 * identity providers, resource servers, UI customizations and the pool's domain.
 */

export const identityProviderRecords = recordFamily<IdentityProvider>({
  key: poolKeys.identityProvider,
  prefix: poolKeys.identityProviders,
  idOf: (provider) => provider.ProviderName,
  cached: false,
  exists: (name) =>
    new DuplicateProviderException(
      `A provider with the name ${name} already exists in this user pool.`,
    ),
  missing: (name) => new ResourceNotFoundException(`Identity provider ${name} does not exist.`),
  conflict: () =>
    new InvalidParameterException('The identity provider was modified concurrently; try again.'),
})

export const resourceServerRecords = recordFamily<ResourceServer>({
  key: poolKeys.resourceServer,
  prefix: poolKeys.resourceServers,
  idOf: (server) => server.Identifier,
  cached: false,
  exists: (identifier, poolId) =>
    new InvalidParameterException(`${identifier} already exists in user pool ${poolId}.`),
  missing: (identifier) =>
    new ResourceNotFoundException(`Resource server ${identifier} does not exist.`),
  conflict: () =>
    new InvalidParameterException('The resource server was modified concurrently; try again.'),
})

/** By client id, or `ALL` for the pool's own. */
export const uiCustomizationRecords = recordFamily<UICustomization>({
  key: poolKeys.uiCustomization,
  prefix: poolKeys.uiCustomizations,
  idOf: (record) => record.ClientId,
  cached: false,
  exists: (target) => new InvalidParameterException(`A UI customization for ${target} exists.`),
  missing: () => new ResourceNotFoundException('The UI customization does not exist.'),
  conflict: () =>
    new InvalidParameterException('The UI customization was modified concurrently; try again.'),
})

/** The pool's hosted-UI domain, and its claim on the name in the registry. */
export const poolDomain = {
  async find(services: UserPoolServices, poolId: string): Promise<PoolDomain | null> {
    return (await services.stores.pool(poolId).get<PoolDomain>(poolKeys.domain))?.value ?? null
  },
  /** Claims the name across pools first (refused when taken), then records it in the pool. */
  async claim(services: UserPoolServices, domain: PoolDomain): Promise<void> {
    await claimDomain(services, domain)
    await commitToPool(services, domain.UserPoolId, {
      put: [{ key: poolKeys.domain, value: domain }],
    })
  },
  /** Replaces the pool's own copy of its domain's settings (the registry's claim keeps the name). */
  async update(services: UserPoolServices, domain: PoolDomain): Promise<void> {
    await commitToPool(services, domain.UserPoolId, {
      put: [{ key: poolKeys.domain, value: domain }],
    })
  },
  /** Gives the name up (if this pool holds it), then forgets it in the pool. */
  async release(services: UserPoolServices, poolId: string, domain: string): Promise<void> {
    const claim = await findDomainClaim(services, domain)
    if (claim?.UserPoolId === poolId) await releaseDomainClaim(services, domain)
    await commitToPool(services, poolId, { delete: [poolKeys.domain] })
  },
}

/** Threat-protection configurations, by client id, or `ALL` for the pool's own. */
export const riskConfigurationRecords = recordFamily<RiskConfiguration>({
  key: poolKeys.riskConfiguration,
  prefix: poolKeys.riskConfigurations,
  idOf: (record) => record.target,
  cached: false,
  exists: (target) => new InvalidParameterException(`A risk configuration for ${target} exists.`),
  missing: () => new ResourceNotFoundException('The risk configuration does not exist.'),
  conflict: () =>
    new InvalidParameterException('The risk configuration was modified concurrently; try again.'),
})
