import {
  DeveloperUserAlreadyRegisteredException,
  InvalidParameterException,
  ResourceConflictException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '../../errors/cognito'
import type { UserPoolServices } from '../../userpool/services'
import { verifyLogins, type LoginContext } from '../logins/verify-logins'
import type { IdentityPoolConfig, Login } from '../model'
import { identityOfLogin, loadIdentity, unlinkLogins } from '../store/identity-repository'
import { requireIdentityPool } from '../store/pool-repository'
import { linkIdentity, type ResolvedIdentity } from './resolve-identity'

/** The pool's developer provider, which a request must name exactly. */
function developerProvider(pool: IdentityPoolConfig, named?: string): string {
  const provider = pool.DeveloperProviderName
  if (provider === undefined)
    throw new InvalidParameterException('This identity pool has no developer provider.')
  if (named !== undefined && named !== provider)
    throw new InvalidParameterException(
      `${named.slice(0, 128)} is not the developer provider of this identity pool.`,
    )
  return provider
}

const developerLogin = (pool: IdentityPoolConfig, subject: string, named?: string): Login => ({
  provider: developerProvider(pool, named),
  subject,
})

/**
 * The identity part of GetOpenIdTokenForDeveloperIdentity (the call is signed: the developer user
 * identifier is taken as vouched for; any other login is verified as GetId verifies it). The
 * identifier's identity, or `identityId` (a guest or an authenticated identity: the signed call
 * vouches for it) with the identifier linked to it, or a new identity.
 * An identifier already linked to another identity than `identityId` is
 * DeveloperUserAlreadyRegisteredException.
 */
export async function resolveDeveloperIdentity(
  context: LoginContext,
  identityPoolId: string,
  identityId: string | undefined,
  logins: Record<string, string>,
): Promise<ResolvedIdentity> {
  const { services } = context
  const pool = await requireIdentityPool(services, identityPoolId)
  const provider = developerProvider(pool)
  const identifier = logins[provider]
  if (identifier === undefined)
    throw new InvalidParameterException(`Logins must name the developer provider ${provider}.`)
  const { [provider]: _, ...others } = logins
  const verified = await verifyLogins(context, pool, others)
  const login = { provider, subject: identifier }
  if (identityId !== undefined) {
    const owner = await identityOfLogin(services, pool, login)
    if (owner && owner.record.IdentityId !== identityId)
      throw new DeveloperUserAlreadyRegisteredException(
        'The developer user identifier is already registered with another identity.',
      )
  }
  const record = await linkIdentity(services, pool, identityId, [login, ...verified], {
    givenVouchedFor: true,
  })
  return {
    pool,
    identityId: record.IdentityId,
    logins: [{ ...login, claims: {} }, ...verified],
    authenticated: true,
  }
}

/**
 * LookupDeveloperIdentity: the identity of an identifier, or the identifiers of an identity
 * (paged by the last one returned), or both checked against each other (ResourceConflictException
 * when they do not match).
 */
export async function lookupDeveloperIdentity(
  services: UserPoolServices,
  identityPoolId: string,
  query: { identityId?: string; identifier?: string },
  limit: number,
  after: string | undefined,
): Promise<{ identityId: string; identifiers: string[]; next?: string }> {
  const pool = await requireIdentityPool(services, identityPoolId)
  const provider = developerProvider(pool)
  if (query.identityId === undefined && query.identifier === undefined)
    throw new InvalidParameterException('Either IdentityId or DeveloperUserIdentifier is required.')
  let identityId = query.identityId
  if (query.identifier !== undefined) {
    const owner = await identityOfLogin(services, pool, { provider, subject: query.identifier })
    if (!owner) throw new ResourceNotFoundException('The developer user identifier is not found.')
    if (identityId !== undefined && owner.record.IdentityId !== identityId)
      throw new ResourceConflictException(
        'The developer user identifier is not linked to this identity.',
      )
    identityId = owner.record.IdentityId
  }
  const loaded = await loadIdentity(services, pool, identityId!)
  if (!loaded) throw new ResourceNotFoundException(`Identity '${identityId}' not found.`)
  const all = loaded.record.logins.filter((l) => l.provider === provider).map((l) => l.subject)
  const start = after === undefined ? 0 : all.indexOf(after) + 1
  const identifiers = all.slice(start, start + limit)
  const more = start + limit < all.length
  return more
    ? { identityId: identityId!, identifiers, next: identifiers[identifiers.length - 1]! }
    : { identityId: identityId!, identifiers }
}

/**
 * MergeDeveloperIdentities: the source identifier's identity is merged into the destination
 * identifier's, which keeps its id (one login per public provider and twenty logins in all, as
 * for every merge). A source linked to no identity yet is simply linked to the destination.
 */
export async function mergeDeveloperIdentities(
  services: UserPoolServices,
  identityPoolId: string,
  input: { source: string; destination: string; providerName: string },
): Promise<string> {
  const pool = await requireIdentityPool(services, identityPoolId)
  const destination = developerLogin(pool, input.destination, input.providerName)
  const owner = await identityOfLogin(services, pool, destination)
  if (!owner) throw new ResourceNotFoundException('The destination user identifier is not found.')
  const source = developerLogin(pool, input.source, input.providerName)
  const record = await linkIdentity(
    services,
    pool,
    owner.record.IdentityId,
    [destination, source],
    { givenOwns: true },
  )
  return record.IdentityId
}

/** UnlinkDeveloperIdentity: the identifier must be linked to the identity named. */
export async function unlinkDeveloperIdentity(
  services: UserPoolServices,
  identityPoolId: string,
  input: { identityId: string; providerName: string; identifier: string },
): Promise<void> {
  const pool = await requireIdentityPool(services, identityPoolId)
  const login = developerLogin(pool, input.identifier, input.providerName)
  for (let attempt = 0; attempt < 5; attempt++) {
    const loaded = await loadIdentity(services, pool, input.identityId)
    if (!loaded) throw new ResourceNotFoundException(`Identity '${input.identityId}' not found.`)
    if (
      !loaded.record.logins.some(
        (l) => l.provider === login.provider && l.subject === login.subject,
      )
    )
      throw new ResourceConflictException(
        'The developer user identifier is not linked to this identity.',
      )
    if ((await unlinkLogins(services, pool, loaded, [login])) !== 'conflict') return
  }
  throw new TooManyRequestsException('Too many concurrent changes to this identity; try again.')
}
