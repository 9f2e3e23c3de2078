import {
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '../../errors/cognito'
import { forgetIdentitySyncData } from '../../sync/identities/forget-sync-data'
import type { UserPoolServices } from '../../userpool/services'
import { userPoolOfProvider, userPoolProviderKey } from '../logins/providers'
import { verifyLogins, type LoginContext } from '../logins/verify-logins'
import type { IdentityPoolConfig, IdentityRecord } from '../model'
import {
  identityPoolOf,
  listIdentityRecords,
  loadIdentity,
  removeIdentity,
  unlinkLogins,
  type IdentityCursor,
  type LoadedIdentity,
} from '../store/identity-repository'
import { findIdentityPool, requireIdentityPool } from '../store/pool-repository'

/** An identity as DescribeIdentity and ListIdentities show it. */
export interface IdentityView {
  IdentityId: string
  /** The providers of its logins (each once). */
  Logins: string[]
  CreationDate: number
  LastModifiedDate: number
}

export const identityView = (record: IdentityRecord): IdentityView => ({
  IdentityId: record.IdentityId,
  Logins: [...new Set(record.logins.map((l) => l.provider))],
  CreationDate: record.creationDate,
  LastModifiedDate: record.lastModifiedDate,
})

/** An identity by id alone (its pool from the id index), or null. */
export async function findIdentity(
  services: UserPoolServices,
  identityId: string,
): Promise<{ pool: IdentityPoolConfig; loaded: LoadedIdentity } | null> {
  const poolId = await identityPoolOf(services, identityId)
  const pool = poolId ? await findIdentityPool(services, poolId) : null
  const loaded = pool ? await loadIdentity(services, pool, identityId) : null
  return pool && loaded ? { pool, loaded } : null
}

const notFound = (identityId: string) =>
  new ResourceNotFoundException(`Identity '${identityId.slice(0, 64)}' not found.`)

/** DescribeIdentity. */
export async function describeIdentity(
  services: UserPoolServices,
  identityId: string,
): Promise<IdentityView> {
  const found = await findIdentity(services, identityId)
  if (!found) throw notFound(identityId)
  return identityView(found.loaded.record)
}

/** ListIdentities: a page of a pool's identities; `hideDisabled` leaves merged ones out. */
export async function listIdentities(
  services: UserPoolServices,
  identityPoolId: string,
  limit: number,
  cursor: IdentityCursor | undefined,
  hideDisabled: boolean,
): Promise<{ identities: IdentityView[]; next?: IdentityCursor }> {
  const pool = await requireIdentityPool(services, identityPoolId)
  const page = await listIdentityRecords(
    services,
    pool,
    limit,
    cursor ?? { partition: 0 },
    hideDisabled,
  )
  return {
    identities: page.identities.map(identityView),
    ...(page.next ? { next: page.next } : {}),
  }
}

/** The partition count of a pool, for checking the cursors of its listings. */
export async function identityPartitions(
  services: UserPoolServices,
  identityPoolId: string,
): Promise<number> {
  return (await requireIdentityPool(services, identityPoolId)).partitions
}

/**
 * DeleteIdentities: ids never given out (or already deleted) are no failure, as in Cognito. An
 * identity's sync data (datasets, devices, its place in the pool's sync usage) goes with it.
 */
export async function deleteIdentities(
  services: UserPoolServices,
  identityIds: string[],
): Promise<void> {
  for (const identityId of identityIds) {
    const found = await findIdentity(services, identityId)
    if (!found) continue
    await removeIdentity(services, found.pool, found.loaded)
    await forgetIdentitySyncData(services, found.pool.IdentityPoolId, identityId)
  }
}

/**
 * UnlinkIdentity (public): the caller proves the identity with at least one valid login linked
 * to it, then the logins of the providers in `loginsToRemove` are unlinked. Removing the last one
 * leaves an identity nothing can reach, as Cognito warns. The developer provider is unlinked with
 * UnlinkDeveloperIdentity only.
 */
export async function unlinkIdentity(
  context: LoginContext,
  identityId: string,
  logins: Record<string, string>,
  loginsToRemove: string[],
): Promise<void> {
  const { services } = context
  const found = await findIdentity(services, identityId)
  if (!found) throw notFound(identityId)
  const { pool } = found
  const verified = await verifyLogins(context, pool, logins)
  const providers = loginsToRemove.map((name) => {
    if (name === pool.DeveloperProviderName)
      throw new InvalidParameterException(
        'Developer user identifiers are unlinked with UnlinkDeveloperIdentity.',
      )
    const userPool = userPoolOfProvider(name)
    return userPool ? userPoolProviderKey(userPool.userPoolId) : name
  })
  for (let attempt = 0; attempt < 5; attempt++) {
    const loaded = await loadIdentity(services, pool, identityId)
    if (!loaded) throw notFound(identityId)
    const holds = verified.some((v) =>
      loaded.record.logins.some((l) => l.provider === v.provider && l.subject === v.subject),
    )
    if (!holds)
      throw new NotAuthorizedException(
        "Logins don't match. Please include at least one valid login for this identity or identity pool.",
      )
    const removing = loaded.record.logins.filter((l) => providers.includes(l.provider))
    if ((await unlinkLogins(services, pool, loaded, removing)) !== 'conflict') return
  }
  throw new TooManyRequestsException('Too many concurrent changes to this identity; try again.')
}
