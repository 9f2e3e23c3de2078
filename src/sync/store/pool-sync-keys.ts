import { storeKey, storeKeyPrefix } from '../../storage/keys'

/**
 * The sync keys of an identity pool's own store (`stores.identityPool(id)`), every one starting
 * `sync/` so that they never meet the pool's own keys (`config`, tags):
 * - `sync/configuration`: SetIdentityPoolConfiguration's PushSync and CognitoStreams;
 * - `sync/events`: SetCognitoEvents's map (the SyncTrigger's function ARN);
 * - `sync/bulk-publish`: the last BulkPublish request and its status;
 * - `sync/identity:{identityId}`: one entry per identity that ever synced data, written once, with
 *   its sync-session count (BulkPublish walks these; pool usage sums them).
 */
export const poolSyncKeys = {
  configuration: storeKey('sync/configuration'),
  events: storeKey('sync/events'),
  bulkPublish: storeKey('sync/bulk-publish'),
  identity: (identityId: string) => storeKey('sync/identity', identityId),
  identityPrefix: storeKeyPrefix('sync/identity'),
} as const
