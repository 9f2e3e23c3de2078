import {
  LimitExceededException,
  NotAuthorizedException,
  ResourceConflictException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '../../errors/cognito'
import { mergeSyncData } from '../../sync/merges/merge-identity-data'
import type { UserPoolServices } from '../../userpool/services'
import { verifyLogins, type LoginContext, type VerifiedLogin } from '../logins/verify-logins'
import type { IdentityPoolConfig, IdentityRecord, Login } from '../model'
import { COGNITO_IDENTITY } from '../openid/token-key'
import {
  createIdentity,
  identityOfLogin,
  linkLogins,
  loadIdentity,
  mergeIdentities,
  type LoadedIdentity,
} from '../store/identity-repository'
import { requireIdentityPool } from '../store/pool-repository'

/** The identity a request resolves to, with the logins it proved. */
export interface ResolvedIdentity {
  /** The identity pool, as read for this request. */
  pool: IdentityPoolConfig
  identityId: string
  /** Every login of the request, verified, with its token's claims. */
  logins: VerifiedLogin[]
  /** Whether the identity has logins (false: a guest). */
  authenticated: boolean
  /** The identity's revoked-before time (epoch seconds), when it has one. */
  revokedBefore?: number
}

/** Cognito's limit on logins linked to one identity. */
const MAX_LINKED_LOGINS = 20
const UNAUTHENTICATED = 'Unauthenticated access is not supported for this identity pool.'
const LOGINS_DO_NOT_MATCH =
  "Logins don't match. Please include at least one valid login for this identity or identity pool."

/**
 * GetId: the identity the logins are linked to (linking, and merging identities, as Cognito does),
 * a new one when none is, or a new guest identity when there are no logins and the pool allows
 * them. Every login is verified before anything is looked up.
 */
export async function getId(
  context: LoginContext,
  identityPoolId: string,
  logins: Record<string, string>,
): Promise<string> {
  return (await resolveIdentity(context, identityPoolId, undefined, logins)).identityId
}

/**
 * The identity a request acts as, for every operation that takes logins: with `identityId`, that
 * identity (a guest one only without logins; an authenticated one only with at least one of its
 * logins), with new logins linked to it, or merged into the identity another login is linked to;
 * without, as GetId. Logins are verified first; NotAuthorizedException when one does not verify.
 */
export async function resolveIdentity(
  context: LoginContext,
  identityPoolId: string,
  identityId: string | undefined,
  logins: Record<string, string>,
): Promise<ResolvedIdentity> {
  const pool = await requireIdentityPool(context.services, identityPoolId)
  const verified = await verifyLogins(context, pool, logins)
  const record = await linkIdentity(context.services, pool, identityId, verified)
  return {
    pool,
    identityId: record.IdentityId,
    logins: verified,
    authenticated: record.logins.length > 0,
    ...(record.revokedBefore !== undefined ? { revokedBefore: record.revokedBefore } : {}),
  }
}

/**
 * The linking and merging rules over logins already verified (or, for a developer provider,
 * vouched for by a signed request): with `givenOwns`, a merge keeps the given identity. A login
 * of `cognito-identity.amazonaws.com` (a verified OpenID token of this pool) names and proves its
 * identity instead of being linked; `givenVouchedFor` takes the given identity as proven (a
 * developer's signed call may link its user to any identity of the pool). Retried from a fresh
 * read whenever a concurrent write to the same identities or logins got in between.
 */
export async function linkIdentity(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  identityId: string | undefined,
  logins: Login[],
  options: { givenOwns?: boolean; givenVouchedFor?: boolean } = {},
): Promise<IdentityRecord> {
  // A verified token of this pool's own (the developer enhanced flow) names its identity: it
  // proves that identity rather than being a login to link.
  const proof = logins.find((login) => login.provider === COGNITO_IDENTITY)
  if (proof && identityId !== undefined && proof.subject !== identityId)
    throw new NotAuthorizedException(LOGINS_DO_NOT_MATCH)
  const named = proof?.subject ?? identityId
  const linking = logins.filter((login) => login !== proof)
  for (let attempt = 0; attempt < 5; attempt++) {
    const outcome = await linkOnce(services, pool, named, linking, {
      givenOwns: options.givenOwns === true,
      proven: proof !== undefined || options.givenVouchedFor === true,
    })
    if (outcome !== 'conflict') return outcome
  }
  throw new TooManyRequestsException('Too many concurrent changes to this identity; try again.')
}

async function linkOnce(
  services: UserPoolServices,
  pool: IdentityPoolConfig,
  identityId: string | undefined,
  logins: Login[],
  { givenOwns, proven }: { givenOwns: boolean; proven: boolean },
): Promise<IdentityRecord | 'conflict'> {
  const given = identityId === undefined ? null : await loadIdentity(services, pool, identityId)
  if (identityId !== undefined && !given)
    throw new ResourceNotFoundException(`Identity '${identityId}' not found.`)
  if (given?.record.mergedInto !== undefined)
    throw new NotAuthorizedException(`Identity '${identityId}' is disabled.`)
  if (logins.length === 0) {
    if (given && given.record.logins.length > 0) {
      if (proven) return given.record
      throw new NotAuthorizedException(LOGINS_DO_NOT_MATCH)
    }
    if (!pool.AllowUnauthenticatedIdentities) throw new NotAuthorizedException(UNAUTHENTICATED)
    return given ? given.record : createIdentity(services, pool, [])
  }
  const owners = await Promise.all(logins.map((login) => identityOfLogin(services, pool, login)))
  const unlinked = logins.filter((_, i) => owners[i] === null)
  const identities = new Map<string, LoadedIdentity>()
  if (given) identities.set(given.record.IdentityId, given)
  for (const owner of owners) if (owner) identities.set(owner.record.IdentityId, owner)
  // An authenticated identity answers only to one of its own logins.
  if (
    given &&
    given.record.logins.length > 0 &&
    !proven &&
    !owners.some((o) => o?.record.IdentityId === given.record.IdentityId)
  )
    throw new NotAuthorizedException(LOGINS_DO_NOT_MATCH)
  if (identities.size === 0) return createIdentity(services, pool, logins)
  const [owner, ...merged] = [...identities.values()].sort((a, b) =>
    givenOwns && identityId !== undefined
      ? Number(b.record.IdentityId === identityId) - Number(a.record.IdentityId === identityId) ||
        ownerFirst(a, b)
      : ownerFirst(a, b),
  )
  checkCombined(
    pool,
    [...identities.values()].flatMap((i) => i.record.logins),
    unlinked,
  )
  if (merged.length === 0) return linkLogins(services, pool, owner!, unlinked)
  const kept = await mergeIdentities(services, pool, owner!, merged, unlinked)
  // The merged-away identities' sync datasets appear in the one kept, before the merge answers.
  if (kept !== 'conflict')
    await mergeSyncData(
      services,
      merged.map((identity) => identity.record.IdentityId),
      kept.IdentityId,
    )
  return kept
}

/** Which identity a merge keeps: an authenticated one over a guest, then the oldest. */
function ownerFirst(a: LoadedIdentity, b: LoadedIdentity): number {
  const guest = (i: LoadedIdentity) => (i.record.logins.length === 0 ? 1 : 0)
  return (
    guest(a) - guest(b) ||
    a.record.creationDate - b.record.creationDate ||
    (a.record.IdentityId < b.record.IdentityId ? -1 : 1)
  )
}

/**
 * What one identity may hold: one login per provider (the developer provider excepted, whose
 * user identifiers may be merged onto one identity), and at most twenty logins.
 */
function checkCombined(pool: IdentityPoolConfig, linked: Login[], adding: Login[]): void {
  const all = [...linked]
  for (const login of adding)
    if (!all.some((l) => l.provider === login.provider && l.subject === login.subject))
      all.push(login)
  const seen = new Map<string, string>()
  for (const login of all) {
    if (login.provider === pool.DeveloperProviderName) continue
    const subject = seen.get(login.provider)
    if (subject !== undefined && subject !== login.subject)
      throw new ResourceConflictException(
        `Identities cannot be merged: they hold two different ${login.provider} logins.`,
      )
    seen.set(login.provider, login.subject)
  }
  if (all.length > MAX_LINKED_LOGINS)
    throw new LimitExceededException(
      `An identity can have at most ${MAX_LINKED_LOGINS} linked logins.`,
    )
}
