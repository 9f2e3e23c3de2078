import type { Stores } from '../../storage/record-store'
import { poolSyncKeys } from '../store/pool-sync-keys'
import { identitiesWithData } from '../usage/sync-usage'

/** Keys deleted in one commit. */
const PAGE = 200

/**
 * Deletes everything Cognito Sync keeps for an identity (its datasets, records, usage, devices,
 * subscriptions and stream payloads, all in its own store) and its entry in the pool's index of
 * identities with data, so pool usage and bulk publish no longer count it. For DeleteIdentities
 * and DeleteIdentityPool: a deleted identity's data is unreachable, and nothing should keep it.
 * The index entry goes last, so a failure midway leaves the identity still named where a later
 * walk (DeleteIdentityPool's) finds it.
 */
export async function forgetIdentitySyncData(
  services: { stores: Stores },
  identityPoolId: string,
  identityId: string,
): Promise<void> {
  const store = services.stores.syncData(identityId)
  for (;;) {
    const page = await store.list<unknown>('', { limit: PAGE })
    if (page.records.length === 0) break
    await store.commit({ delete: page.records.map((record) => record.key) })
  }
  await services.stores
    .identityPool(identityPoolId)
    .commit({ delete: [poolSyncKeys.identity(identityId)] })
}

/**
 * Deletes an identity pool's sync settings (configuration, events, bulk publish state) and the
 * data of every identity its index names (identities that synced, and merge destinations), for
 * DeleteIdentityPool; the pool's other identities are forgotten one by one as they are removed.
 */
export async function forgetPoolSyncData(
  services: { stores: Stores },
  identityPoolId: string,
): Promise<void> {
  const indexed: string[] = []
  for await (const identityId of identitiesWithData(services, identityPoolId))
    indexed.push(identityId)
  for (const identityId of indexed)
    await forgetIdentitySyncData(services, identityPoolId, identityId)
  await services.stores.identityPool(identityPoolId).commit({
    delete: [poolSyncKeys.configuration, poolSyncKeys.events, poolSyncKeys.bulkPublish],
  })
}
