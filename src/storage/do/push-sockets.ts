import { PUSH_SUBSCRIPTION_HEADER, type PushSockets } from '../push-sockets'
import type { SyncIdentityObject } from './sync-identity-object'

/** Push sockets on the identities' sync objects, addressed by identity id as their data is. */
export function durablePushSockets(
  namespace: DurableObjectNamespace<SyncIdentityObject>,
): PushSockets {
  return {
    async accept(identityId, upgrade, subscription) {
      const headers = new Headers(upgrade.headers)
      headers.set(PUSH_SUBSCRIPTION_HEADER, JSON.stringify(subscription))
      return namespace
        .getByName(identityId)
        .fetch(new Request(upgrade.url, { method: 'GET', headers }))
    },
    broadcast: (identityId, delivery) => namespace.getByName(identityId).broadcast(delivery),
  }
}
