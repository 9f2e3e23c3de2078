import { ResourceNotFoundException } from '../../errors/sync'
import { findIdentityPool } from '../../identitypool/store/pool-repository'
import type { SyncServices } from '../services'

/** The identity pool a pool-level sync operation names must exist: ResourceNotFoundException. */
export async function requireSyncPool(
  services: Pick<SyncServices, 'stores'>,
  identityPoolId: string,
): Promise<void> {
  if (!(await findIdentityPool(services, identityPoolId)))
    throw new ResourceNotFoundException(`IdentityPool '${identityPoolId}' not found.`)
}
