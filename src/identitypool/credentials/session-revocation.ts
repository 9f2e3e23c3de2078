import type { UserPoolServices } from '../../userpool/services'
import { loadIdentity } from '../store/identity-repository'
import { findIdentityPool } from '../store/pool-repository'
import { cachedRevocation } from '../store/revocation-cache'

/** What a session token says about whose session it is, for the revocation check. */
export interface SessionOfIdentity {
  identityId: string
  identityPoolId: string
  /** Epoch seconds. */
  iat: number
}

/**
 * Whether an identity revoked a session of its own: the identity (or its pool) was deleted, it
 * was merged into another, or a login was unlinked at or after the session began (its
 * revoked-before time). Answered from a per-isolate cache that lags other isolates' writes by at
 * most a second (see revocation-cache.ts).
 */
export async function isSessionRevoked(
  services: Pick<UserPoolServices, 'stores' | 'now'>,
  session: SessionOfIdentity,
): Promise<boolean> {
  const revokedBefore = await cachedRevocation(
    services,
    session.identityPoolId,
    session.identityId,
    async () => {
      const pool = await findIdentityPool(services, session.identityPoolId)
      const loaded = pool ? await loadIdentity(services, pool, session.identityId) : null
      if (!loaded || loaded.record.mergedInto !== undefined) return Number.POSITIVE_INFINITY
      return loaded.record.revokedBefore ?? Number.NEGATIVE_INFINITY
    },
  )
  return session.iat <= revokedBefore
}
