import { storeKey } from '../../storage/keys'
import type { Stores } from '../../storage/record-store'

/**
 * Records that a push socket's signature was used, in the identity's own store, until the
 * signature could no longer be accepted anyway. Returns false when it was used before: a push
 * URL opens one socket, so one copied from a log, a proxy or a browser's history opens nothing.
 */
export async function claimPushUrl(
  services: { stores: Stores },
  identityId: string,
  signature: string,
  validUntil: number,
): Promise<boolean> {
  const key = storeKey('push-url', signature)
  const result = await services.stores.syncData(identityId).commit({
    expect: [{ key, version: 0 }],
    put: [{ key, value: { usedUntil: validUntil }, expiresAt: validUntil }],
  })
  return result.ok
}
