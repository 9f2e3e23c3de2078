import { InvalidParameterException, LimitExceededException } from '../../errors/cognito'
import { findOidcProviderByArn } from '../../iam/oidc-providers/oidc-providers'
import { epochSeconds, type UserPoolServices } from '../../userpool/services'
import { oidcProviderKey, userPoolOfProvider } from '../logins/providers'
import type {
  CognitoIdentityProviderConfig,
  IdentityPoolConfig,
  IdentityPoolSettings,
} from '../model'
import { forgetIdentitySyncData, forgetPoolSyncData } from '../../sync/identities/forget-sync-data'
import { removeAllIdentities } from '../store/identity-repository'
import {
  changeIdentityPool,
  insertIdentityPool,
  listIdentityPoolEntries,
  removeIdentityPool,
  requireIdentityPool,
  type IdentityPoolEntry,
} from '../store/pool-repository'

/** What CreateIdentityPool and UpdateIdentityPool take (after the wire shape is checked). */
export interface IdentityPoolInput {
  IdentityPoolName: string
  AllowUnauthenticatedIdentities: boolean
  AllowClassicFlow?: boolean
  SupportedLoginProviders?: Record<string, string>
  DeveloperProviderName?: string
  OpenIdConnectProviderARNs?: string[]
  CognitoIdentityProviders?: Array<{
    ProviderName?: string
    ClientId?: string
    ServerSideTokenCheck?: boolean
  }>
  SamlProviderARNs?: string[]
  IdentityPoolTags?: Record<string, string>
}

/** Cognito's limit on tags per identity pool. */
export const MAX_TAGS = 50

/** The settings an input describes, every member left out at its default (Cognito's replace semantics). */
function settingsOf(input: IdentityPoolInput): IdentityPoolSettings {
  if ((input.SamlProviderARNs ?? []).length > 0)
    throw new InvalidParameterException('SAML identity providers are not supported yet.')
  for (const arn of input.OpenIdConnectProviderARNs ?? [])
    if (!oidcProviderKey(arn))
      throw new InvalidParameterException(`Invalid OpenIdConnectProviderARN: ${arn.slice(0, 128)}`)
  const providers: CognitoIdentityProviderConfig[] = []
  for (const provider of input.CognitoIdentityProviders ?? []) {
    if (!provider.ProviderName || !provider.ClientId)
      throw new InvalidParameterException(
        'A CognitoIdentityProvider needs a ProviderName and a ClientId.',
      )
    if (!userPoolOfProvider(provider.ProviderName))
      throw new InvalidParameterException(
        `Invalid Cognito Identity Provider name: ${provider.ProviderName}`,
      )
    providers.push({
      ProviderName: provider.ProviderName,
      ClientId: provider.ClientId,
      ServerSideTokenCheck: provider.ServerSideTokenCheck ?? false,
    })
  }
  const tags = input.IdentityPoolTags ?? {}
  if (Object.keys(tags).length > MAX_TAGS)
    throw new LimitExceededException(`An identity pool can have at most ${MAX_TAGS} tags.`)
  return {
    IdentityPoolName: input.IdentityPoolName,
    AllowUnauthenticatedIdentities: input.AllowUnauthenticatedIdentities,
    AllowClassicFlow: input.AllowClassicFlow ?? false,
    SupportedLoginProviders: input.SupportedLoginProviders ?? {},
    ...(input.DeveloperProviderName !== undefined
      ? { DeveloperProviderName: input.DeveloperProviderName }
      : {}),
    OpenIdConnectProviderARNs: input.OpenIdConnectProviderARNs ?? [],
    CognitoIdentityProviders: providers,
    IdentityPoolTags: tags,
  }
}

/** Every OpenID Connect provider ARN must name a provider of this account's IAM, as in Cognito. */
async function requireOidcProviders(services: UserPoolServices, arns: string[]): Promise<void> {
  for (const arn of arns)
    if (!(await findOidcProviderByArn(services, arn)))
      throw new InvalidParameterException(
        `Invalid OpenIdConnectProviderARN: ${arn.slice(0, 128)} is not an OpenID Connect provider of this account.`,
      )
}

/** CreateIdentityPool: a new pool with id `{region}:{uuid}`. */
export async function createIdentityPool(
  services: UserPoolServices,
  input: IdentityPoolInput,
): Promise<IdentityPoolConfig> {
  const settings = settingsOf(input)
  await requireOidcProviders(services, settings.OpenIdConnectProviderARNs)
  const pool: IdentityPoolConfig = {
    ...settings,
    IdentityPoolId: `${services.region}:${crypto.randomUUID()}`,
    partitions: services.defaultPartitions,
    creationDate: epochSeconds(services),
  }
  await insertIdentityPool(services, pool)
  return pool
}

/** DescribeIdentityPool. */
export function describeIdentityPool(
  services: UserPoolServices,
  identityPoolId: string,
): Promise<IdentityPoolConfig> {
  return requireIdentityPool(services, identityPoolId)
}

/**
 * UpdateIdentityPool, a full replace as in Cognito: members left out return to their defaults.
 * The developer provider name cannot change once set (leaving it out keeps it); tags left out are
 * kept, as TagResource owns them.
 */
export async function updateIdentityPool(
  services: UserPoolServices,
  identityPoolId: string,
  input: IdentityPoolInput,
): Promise<IdentityPoolConfig> {
  await requireIdentityPool(services, identityPoolId)
  const settings = settingsOf(input)
  await requireOidcProviders(services, settings.OpenIdConnectProviderARNs)
  return changeIdentityPool(services, identityPoolId, (pool) => {
    const developer = pool.DeveloperProviderName
    if (
      developer !== undefined &&
      settings.DeveloperProviderName !== undefined &&
      settings.DeveloperProviderName !== developer
    )
      throw new InvalidParameterException(
        'The developer provider name of an identity pool cannot be changed once set.',
      )
    return {
      ...settings,
      ...(developer !== undefined ? { DeveloperProviderName: developer } : {}),
      IdentityPoolTags:
        input.IdentityPoolTags !== undefined ? settings.IdentityPoolTags : pool.IdentityPoolTags,
      IdentityPoolId: pool.IdentityPoolId,
      partitions: pool.partitions,
      creationDate: pool.creationDate,
      // Roles belong to SetIdentityPoolRoles: UpdateIdentityPool keeps them.
      ...(pool.roles !== undefined ? { roles: pool.roles } : {}),
      // And SetPrincipalTagAttributeMap's maps.
      ...(pool.principalTagMaps !== undefined ? { principalTagMaps: pool.principalTagMaps } : {}),
    }
  })
}

/** DeleteIdentityPool: gone from listings first, then its configuration, then its identities. */
export async function deleteIdentityPool(
  services: UserPoolServices,
  identityPoolId: string,
): Promise<void> {
  const pool = await requireIdentityPool(services, identityPoolId)
  await removeIdentityPool(services, identityPoolId)
  // Each identity's sync data goes with it, then the pool's sync settings and index.
  await removeAllIdentities(services, pool, (identityId) =>
    forgetIdentitySyncData(services, identityPoolId, identityId),
  )
  await forgetPoolSyncData(services, identityPoolId)
}

/** ListIdentityPools: pools in id order, paged by the last id. */
export function listIdentityPools(
  services: UserPoolServices,
  limit: number,
  after: string | undefined,
): Promise<{ pools: IdentityPoolEntry[]; next?: string }> {
  return listIdentityPoolEntries(services, limit, after)
}
