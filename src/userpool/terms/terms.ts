import {
  InvalidParameterException,
  ResourceNotFoundException,
  TermsExistsException,
} from '../../errors/cognito'
import { commitToPool } from '../store/cached-stores'
import { poolKeys } from '../store/pool-keys'
import { requireClient, requirePool } from '../store/pool-repository'
import { epochSeconds, type UserPoolServices } from '../services'

/** TermsType as stored (epoch seconds). */
export interface Terms {
  TermsId: string
  UserPoolId: string
  ClientId: string
  TermsName: 'terms-of-use' | 'privacy-policy'
  TermsSource: 'LINK'
  Enforcement: 'NONE'
  /** Language (`cognito:english`, `cognito:default`, …) to the document's URL. */
  Links: Record<string, string>
  CreationDate: number
  LastModifiedDate: number
}

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
  const byName = poolKeys.termsOfClient(clientId, input.TermsName)
  const result = await commitToPool(services, pool.Id, {
    expect: [{ key: byName, version: 0 }],
    put: [
      { key: byName, value: terms.TermsId },
      { key: poolKeys.terms(terms.TermsId), value: terms },
    ],
  })
  if (!result.ok) throw nameTaken(clientId, input.TermsName)
  return terms
}

/** DescribeTerms's lookup. */
export async function requireTerms(
  services: UserPoolServices,
  poolId: string,
  termsId: string,
): Promise<Terms> {
  const pool = await requirePool(services, poolId)
  const stored = await services.stores.pool(pool.Id).get<Terms>(poolKeys.terms(termsId))
  if (!stored) throw new ResourceNotFoundException(`Terms ${termsId} do not exist.`)
  return stored.value
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
  const renamed = next.TermsName !== current.TermsName
  const newName = poolKeys.termsOfClient(current.ClientId, next.TermsName)
  const result = await commitToPool(services, current.UserPoolId, {
    ...(renamed ? { expect: [{ key: newName, version: 0 }] } : {}),
    put: [
      { key: poolKeys.terms(termsId), value: next },
      ...(renamed ? [{ key: newName, value: termsId }] : []),
    ],
    ...(renamed ? { delete: [poolKeys.termsOfClient(current.ClientId, current.TermsName)] } : {}),
  })
  if (!result.ok) throw nameTaken(current.ClientId, next.TermsName)
  return next
}

/** DeleteTerms: the document and its name's claim. */
export async function deleteTerms(
  services: UserPoolServices,
  poolId: string,
  termsId: string,
): Promise<void> {
  const current = await requireTerms(services, poolId, termsId)
  await commitToPool(services, current.UserPoolId, {
    delete: [poolKeys.terms(termsId), poolKeys.termsOfClient(current.ClientId, current.TermsName)],
  })
}

/** ListTerms: the pool's documents in id order, a page at a time. */
export async function listTerms(
  services: UserPoolServices,
  poolId: string,
  limit: number,
  after: string | undefined,
): Promise<{ terms: Terms[]; next?: string }> {
  const pool = await requirePool(services, poolId)
  const page = await services.stores.pool(pool.Id).list<Terms>(poolKeys.termsList, {
    limit,
    ...(after ? { after: poolKeys.terms(after) } : {}),
  })
  const terms = page.records.map((r) => r.value)
  const last = terms[terms.length - 1]
  return page.next && last ? { terms, next: last.TermsId } : { terms }
}
