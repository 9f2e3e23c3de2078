import { ResourceNotFoundException } from '../../errors/sync'
import type { IdentityRecord } from '../../identitypool/model'
import { loadIdentity } from '../../identitypool/store/identity-repository'
import { findIdentityPool } from '../../identitypool/store/pool-repository'
import type { IdentityRef } from '../model'
import type { SyncServices } from '../services'

/**
 * The identity a sync request names, which must be an identity of the pool it names: sync data
 * belongs to identities the identity pool gave out, never to an id a caller made up. An unknown
 * pool or identity is `missing` (ResourceNotFoundException unless the operation's model has no such
 * error and names another).
 */
export async function requireSyncIdentity(
  services: SyncServices,
  ref: IdentityRef,
  missing: (message: string) => Error = (message) => new ResourceNotFoundException(message),
): Promise<IdentityRecord> {
  const pool = await findIdentityPool(services, ref.identityPoolId)
  if (!pool) throw missing(`IdentityPool '${ref.identityPoolId}' not found.`)
  const loaded = await loadIdentity(services, pool, ref.identityId)
  if (!loaded)
    throw missing(`Identity '${ref.identityId}' not found in IdentityPool '${ref.identityPoolId}'.`)
  return loaded.record
}
