import { InvalidParameterException, ResourceNotFoundException } from '../../errors/cognito'
import type { IdentityProvider, IdentityProviderType, UserPoolConfig } from '../model'
import { epochSeconds, type UserPoolServices } from '../services'
import { identityProviderRecords } from '../store/pool-settings-store'
import { providerTypeRules } from './types'

export type { IdentityProvider }

export interface IdentityProviderInput {
  ProviderName: string
  ProviderType?: string
  ProviderDetails?: Record<string, string>
  AttributeMapping?: Record<string, string>
  IdpIdentifiers?: string[]
}

/** Names Cognito keeps for itself. */
const RESERVED = new Set(['COGNITO', 'Cognito'])

function checkMapping(pool: UserPoolConfig, mapping: Record<string, string>): void {
  for (const attribute of Object.keys(mapping)) {
    if (attribute === 'username') continue
    if (!pool.SchemaAttributes.some((a) => a.Name === attribute))
      throw new InvalidParameterException(
        `AttributeMapping names ${attribute}, which is not in the user pool's schema.`,
      )
  }
}

export async function createIdentityProvider(
  services: UserPoolServices,
  pool: UserPoolConfig,
  input: IdentityProviderInput,
): Promise<IdentityProvider> {
  if (RESERVED.has(input.ProviderName))
    throw new InvalidParameterException(`${input.ProviderName} is reserved.`)
  const rules = providerTypeRules(input.ProviderType ?? '')
  if (!rules)
    throw new InvalidParameterException(
      `ProviderType ${input.ProviderType} is not supported by this server; OIDC, Google, SignInWithApple, Facebook and LoginWithAmazon are.`,
    )
  if (rules.providerName && input.ProviderName !== rules.providerName)
    throw new InvalidParameterException(
      `A ${input.ProviderType} identity provider must be named ${rules.providerName}.`,
    )
  const mapping = input.AttributeMapping ?? {}
  checkMapping(pool, mapping)
  const now = epochSeconds(services)
  const provider: IdentityProvider = {
    UserPoolId: pool.Id,
    ProviderName: input.ProviderName,
    ProviderType: input.ProviderType as IdentityProviderType,
    ProviderDetails: await rules.checkDetails(input.ProviderDetails ?? {}, { services, pool }),
    AttributeMapping: mapping,
    IdpIdentifiers: input.IdpIdentifiers ?? [],
    CreationDate: now,
    LastModifiedDate: now,
  }
  await checkIdentifiersFree(services, pool, provider)
  return identityProviderRecords.create(services, pool.Id, provider)
}

/** The rules of a stored provider's type (stored providers were checked against them). */
function rulesOf(provider: IdentityProvider) {
  const rules = providerTypeRules(provider.ProviderType)
  if (!rules) throw new Error(`No rules for the stored provider type ${provider.ProviderType}`)
  return rules
}

/** A provider as DescribeIdentityProvider and its kin answer it: no secret its type withholds. */
export function publicIdentityProvider(provider: IdentityProvider): IdentityProvider {
  const publicDetails = rulesOf(provider).publicDetails
  return publicDetails
    ? { ...provider, ProviderDetails: publicDetails(provider.ProviderDetails) }
    : provider
}

export async function findIdentityProvider(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
): Promise<IdentityProvider | null> {
  return identityProviderRecords.find(services, pool.Id, name)
}

export async function getIdentityProvider(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
): Promise<IdentityProvider> {
  const provider = await findIdentityProvider(services, pool, name)
  if (!provider) throw new ResourceNotFoundException(`Identity provider ${name} does not exist.`)
  return provider
}

/** UpdateIdentityProvider: members given replace the stored ones; the others stay. */
export async function updateIdentityProvider(
  services: UserPoolServices,
  pool: UserPoolConfig,
  input: Omit<IdentityProviderInput, 'ProviderType'>,
): Promise<IdentityProvider> {
  return identityProviderRecords.replace(services, pool.Id, input.ProviderName, async (current) => {
    if (input.AttributeMapping) checkMapping(pool, input.AttributeMapping)
    const provider: IdentityProvider = {
      ...current,
      ...(input.ProviderDetails
        ? {
            ProviderDetails: await rulesOf(current).checkDetails(
              { ...current.ProviderDetails, ...input.ProviderDetails },
              { services, pool },
            ),
          }
        : {}),
      ...(input.AttributeMapping ? { AttributeMapping: input.AttributeMapping } : {}),
      ...(input.IdpIdentifiers ? { IdpIdentifiers: input.IdpIdentifiers } : {}),
      LastModifiedDate: epochSeconds(services),
    }
    await checkIdentifiersFree(services, pool, provider)
    return provider
  })
}

export async function deleteIdentityProvider(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
): Promise<void> {
  await getIdentityProvider(services, pool, name)
  await identityProviderRecords.remove(services, pool.Id, name)
}

export async function listIdentityProviders(
  services: UserPoolServices,
  pool: UserPoolConfig,
  limit: number,
  after: string | undefined,
): Promise<{ providers: IdentityProvider[]; next?: string }> {
  const page = await identityProviderRecords.list(services, pool.Id, limit, after)
  return page.next ? { providers: page.records, next: page.next } : { providers: page.records }
}

/** GetIdentityProviderByIdentifier: the provider that lists this IdP identifier. */
export async function identityProviderByIdentifier(
  services: UserPoolServices,
  pool: UserPoolConfig,
  identifier: string,
): Promise<IdentityProvider> {
  for (let after: string | undefined; ; ) {
    const page = await listIdentityProviders(services, pool, 60, after)
    const found = page.providers.find((p) => p.IdpIdentifiers.includes(identifier))
    if (found) return found
    if (!page.next)
      throw new ResourceNotFoundException(`No identity provider has the identifier ${identifier}.`)
    after = page.next
  }
}

/**
 * The provider an authorization request names: `identity_provider` by name, or `idp_identifier`
 * by one of a provider's IdpIdentifiers (an unknown identifier is taken as a name, and then fails
 * as an unknown provider would).
 */
export async function requestedIdentityProvider(
  services: UserPoolServices,
  pool: UserPoolConfig,
  params: { identity_provider?: string; idp_identifier?: string },
): Promise<string | undefined> {
  if (params.identity_provider !== undefined) return params.identity_provider
  if (params.idp_identifier === undefined) return undefined
  const provider = await identityProviderByIdentifier(services, pool, params.idp_identifier).catch(
    () => null,
  )
  return provider?.ProviderName ?? params.idp_identifier
}

async function checkIdentifiersFree(
  services: UserPoolServices,
  pool: UserPoolConfig,
  provider: IdentityProvider,
): Promise<void> {
  for (const identifier of provider.IdpIdentifiers) {
    const holder = await identityProviderByIdentifier(services, pool, identifier).catch(() => null)
    if (holder && holder.ProviderName !== provider.ProviderName)
      throw new InvalidParameterException(
        `The identifier ${identifier} is already used by ${holder.ProviderName}.`,
      )
  }
}
