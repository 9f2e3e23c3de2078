import {
  ConcurrentModification,
  EntityAlreadyExists,
  InvalidInput,
  LimitExceeded,
  NoSuchEntity,
} from '../../errors/iam'
import { issuerProblem } from '../../oidc/urls'
import { oidcProviderArn, parseOidcProviderArn } from '../arns'
import type { OidcProviderRecord, Tag } from '../model'
import type { IamServices } from '../services'
import * as repository from '../store/oidc-providers-repository'

/** IAM's quotas for OpenID Connect providers. */
const MAX_PROVIDERS = 100
const MAX_CLIENT_IDS = 100
const MAX_THUMBPRINTS = 5

export interface NewOidcProvider {
  Url: string
  ClientIDList?: string[]
  ThumbprintList?: string[]
  Tags?: Tag[]
}

/**
 * An issuer URL as IAM keeps it, and its ARN's resource: the URL without scheme or trailing
 * slash, the host lower-cased. The URL must be one the relying-party core will fetch (https, or
 * plain http on a loopback host for local development) with no query.
 */
function issuerOf(text: string): { url: string; resource: string } {
  const problem = issuerProblem(text)
  if (problem) throw new InvalidInput(`The URL ${text.slice(0, 255)} ${problem}.`)
  const url = new URL(text)
  const resource = `${url.host}${url.pathname.replace(/\/+$/, '')}`
  return { url: `${url.protocol}//${resource}`, resource }
}

/** The resource of an OIDC provider ARN of this account, host lower-cased; null if none. */
function resourceOrNull(arn: string): string | null {
  const resource = parseOidcProviderArn(arn)
  return resource ? resource.replace(/^[^/]+/, (host) => host.toLowerCase()) : null
}

/** The same, or InvalidInput as IAM answers an ARN it cannot read. */
function resourceOf(arn: string): string {
  const resource = resourceOrNull(arn)
  if (!resource) throw new InvalidInput(`ARN ${arn.slice(0, 2048)} is not valid.`)
  return resource
}

const notFound = (arn: string) =>
  new NoSuchEntity(`OpenIDConnect Provider not found for arn ${arn.slice(0, 2048)}`)

const distinct = (values: string[]) => [...new Set(values)]

export async function createOidcProvider(
  services: IamServices,
  input: NewOidcProvider,
): Promise<OidcProviderRecord> {
  const { url, resource } = issuerOf(input.Url)
  const clientIds = distinct(input.ClientIDList ?? [])
  if (clientIds.length > MAX_CLIENT_IDS)
    throw new LimitExceeded(
      `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`,
    )
  const thumbprints = distinct(input.ThumbprintList ?? [])
  if (thumbprints.length > MAX_THUMBPRINTS)
    throw new LimitExceeded(
      `Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: ${MAX_THUMBPRINTS}`,
    )
  if ((await repository.countOidcProviders(services)) >= MAX_PROVIDERS)
    throw new LimitExceeded(
      `Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${MAX_PROVIDERS}`,
    )
  const provider: OidcProviderRecord = {
    Arn: oidcProviderArn(resource),
    Url: url,
    ClientIDList: clientIds,
    ThumbprintList: thumbprints,
    CreateDate: services.now(),
    ...(input.Tags?.length ? { Tags: input.Tags } : {}),
  }
  if (!(await repository.insertOidcProvider(services, resource, provider)))
    throw new EntityAlreadyExists(`Provider with url ${url} already exists.`)
  return provider
}

export async function getOidcProvider(
  services: IamServices,
  arn: string,
): Promise<OidcProviderRecord> {
  const provider = await repository.findOidcProvider(services, resourceOf(arn))
  if (!provider) throw notFound(arn)
  return provider
}

/**
 * The provider an identity pool names by ARN, or null when the ARN names none of this account's
 * (another account's, a malformed one, or one deleted since).
 */
export function findOidcProviderByArn(
  services: IamServices,
  arn: string,
): Promise<OidcProviderRecord | null> {
  const resource = resourceOrNull(arn)
  return resource ? repository.findOidcProvider(services, resource) : Promise.resolve(null)
}

export async function listOidcProviders(services: IamServices): Promise<OidcProviderRecord[]> {
  return (await repository.listOidcProviders(services)).items
}

/** Deletes a provider; one that does not exist is no error (IAM's delete is idempotent). */
export async function deleteOidcProvider(services: IamServices, arn: string): Promise<void> {
  await repository.deleteOidcProvider(services, resourceOf(arn))
}

async function changeClientIds(
  services: IamServices,
  arn: string,
  change: (clientIds: string[]) => string[],
): Promise<void> {
  const outcome = await repository.updateOidcProvider(services, resourceOf(arn), (provider) => ({
    ...provider,
    ClientIDList: change(provider.ClientIDList),
  }))
  if (outcome.ok) return
  if (outcome.refusal === 'no-provider') throw notFound(arn)
  throw new ConcurrentModification()
}

/** Adds an audience; adding one already listed is no error (idempotent, as in IAM). */
export async function addClientId(
  services: IamServices,
  arn: string,
  clientId: string,
): Promise<void> {
  const provider = await getOidcProvider(services, arn)
  if (provider.ClientIDList.includes(clientId)) return
  if (provider.ClientIDList.length >= MAX_CLIENT_IDS)
    throw new LimitExceeded(
      `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`,
    )
  await changeClientIds(services, arn, (ids) => distinct([...ids, clientId]))
}

/** Removes an audience; removing one not listed is no error (idempotent, as in IAM). */
export async function removeClientId(
  services: IamServices,
  arn: string,
  clientId: string,
): Promise<void> {
  await changeClientIds(services, arn, (ids) => ids.filter((id) => id !== clientId))
}
