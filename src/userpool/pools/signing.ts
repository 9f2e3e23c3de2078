import type { JWK, JWTPayload } from 'jose'
import { signJwt } from '../../crypto/signing-keys'
import type { PoolSigningKeys, StoredSigningKey } from '../model'
import { requireSigningKeys } from '../store/pool-repository'
import type { UserPoolServices } from '../services'
import { BoundedCache } from '../../storage/bounded-cache'

const SEAL_PURPOSE = 'signing-key'

/** Creates a pool's signing keys at pool creation: the active key and the next one, both published. */
export async function createPoolSigningKeys(
  services: UserPoolServices,
  poolId: string,
): Promise<PoolSigningKeys> {
  const make = async (): Promise<StoredSigningKey> => {
    const pair = await services.newSigningKey()
    return {
      kid: pair.kid,
      publicJwk: pair.publicJwk as Record<string, unknown>,
      sealedPrivateJwk: await services.sealer.seal(SEAL_PURPOSE, pair.privateJwk, poolId),
      createdAt: services.now(),
    }
  }
  return { active: await make(), next: await make() }
}

/** The pool's JWKS: the active key and the next one, so that verifiers know it before it signs. */
export async function poolJwks(
  services: UserPoolServices,
  poolId: string,
): Promise<{ keys: Record<string, unknown>[] }> {
  const keys = await requireSigningKeys(services, poolId)
  return { keys: [keys.active.publicJwk, keys.next.publicJwk] }
}

/** Opened private keys by kid (bounded: one per pool key, however many pools there are). */
const openedKeys = new BoundedCache<string, JWK & { kid: string }>(1024)

/** Signs claims with the pool's active key (RS256, with `kid`). */
export async function signWithPoolKey(
  services: UserPoolServices,
  poolId: string,
  claims: JWTPayload,
): Promise<string> {
  const { active } = await requireSigningKeys(services, poolId)
  let privateJwk = openedKeys.get(active.kid)
  if (!privateJwk) {
    const opened = await services.sealer.open<JWK & { kid: string }>(
      SEAL_PURPOSE,
      active.sealedPrivateJwk,
      poolId,
    )
    if (!opened)
      throw new Error(
        `signing key ${active.kid} of ${poolId} cannot be opened with this key-encryption key`,
      )
    privateJwk = opened
    openedKeys.set(active.kid, privateJwk)
  }
  return signJwt(claims, privateJwk)
}
