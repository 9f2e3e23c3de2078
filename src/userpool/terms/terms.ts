import {
  InvalidParameterException,
  ResourceNotFoundException,
  TermsExistsException,
} from '../../errors/cognito'
import type { Terms } from '../operator-types'
import { termsStore } from '../store/operator-settings-store'
import { requireClient, requirePool } from '../store/pool-repository'
import { epochSeconds, type UserPoolServices } from '../services'

export type { Terms }

export type TermsInput = Pick<Terms, 'TermsName' | 'TermsSource' | 'Enforcement' | 'Links'>

/** A link is shown to users as a page to open: only https (http for loopback hosts). */
function checkLinks(links: Record<string, string>): void {
  if (Object.keys(links).length === 0)
    throw new InvalidParameterException('Links must name at least one language.')
  for (const [language, link] of Object.entries(links)) {
    let url: URL
    try {
      url = new URL(link)
    } catch {
      throw new InvalidParameterException(`The link for ${language} is not a URL.`)
    }
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
      throw new InvalidParameterException(`The link for ${language} must be an https URL.`)
  }
}

const nameTaken = (clientId: string, name: string) =>
  new TermsExistsException(`App client ${clientId} already has terms named ${name}.`)

/** CreateTerms: one document of each name per app client (TermsExistsException). */
export async function createTerms(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
  input: TermsInput,
): Promise<Terms> {
  const pool = await requirePool(services, poolId)
  await requireClient(services, pool.Id, clientId)
  checkLinks(input.Links)
  const now = epochSeconds(services)
  const terms: Terms = {
    TermsId: crypto.randomUUID(),
    UserPoolId: pool.Id,
    ClientId: clientId,
    ...input,
    CreationDate: now,
    LastModifiedDate: now,
  }
  if (!(await termsStore.save(services, terms))) throw nameTaken(clientId, input.TermsName)
  return terms
}

/** DescribeTerms's lookup. */
export async function requireTerms(
  services: UserPoolServices,
  poolId: string,
  termsId: string,
): Promise<Terms> {
  const pool = await requirePool(services, poolId)
  const terms = await termsStore.find(services, pool.Id, termsId)
  if (!terms) throw new ResourceNotFoundException(`Terms ${termsId} do not exist.`)
  return terms
}

/** UpdateTerms: members given replace the stored ones; a new name must be free for the client. */
export async function updateTerms(
  services: UserPoolServices,
  poolId: string,
  termsId: string,
  input: Partial<TermsInput>,
): Promise<Terms> {
  const current = await requireTerms(services, poolId, termsId)
  if (input.Links) checkLinks(input.Links)
  const next: Terms = {
    ...current,
    ...(input.TermsName ? { TermsName: input.TermsName } : {}),
    ...(input.TermsSource ? { TermsSource: input.TermsSource } : {}),
    ...(input.Enforcement ? { Enforcement: input.Enforcement } : {}),
    ...(input.Links ? { Links: input.Links } : {}),
    LastModifiedDate: epochSeconds(services),
  }
  if (!(await termsStore.save(services, next, current)))
    throw nameTaken(current.ClientId, next.TermsName)
  return next
}

/** DeleteTerms: the document and its name's claim. */
export async function deleteTerms(
  services: UserPoolServices,
  poolId: string,
  termsId: string,
): Promise<void> {
  const current = await requireTerms(services, poolId, termsId)
  await termsStore.remove(services, current)
}

/** ListTerms: the pool's documents in id order, a page at a time. */
export async function listTerms(
  services: UserPoolServices,
  poolId: string,
  limit: number,
  after: string | undefined,
): Promise<{ terms: Terms[]; next?: string }> {
  const pool = await requirePool(services, poolId)
  return termsStore.list(services, pool.Id, limit, after)
}
