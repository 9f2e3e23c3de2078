import { fromBase64Url, toBase64Url } from '../../crypto/encoding'
import { sha256 } from '../../crypto/hash'
import { randomBytes } from '../../crypto/random'
import { NotAuthorizedException } from '../../errors/cognito'
import type { RecordStore } from '../../storage/record-store'
import type { RefreshTokenFamily, UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { storeKey } from '../../storage/keys'
import { userPartition } from '../store/directory'

/** Key of a refresh-token family in the user's partition. */
export const refreshFamilyKey = (originJti: string): string => storeKey('rt', originJti)

/**
 * Refresh tokens are opaque: `<partition>.<originJti>.<secret>`, base64url. The partition and
 * family id say where to look; the secret is what proves possession and is stored only hashed.
 */
export interface ParsedRefreshToken {
  partition: number
  originJti: string
  secretHash: string
}

const hashSecret = async (secret: string): Promise<string> => toBase64Url(await sha256(secret))

export async function parseRefreshToken(
  token: string,
  pool: UserPoolConfig,
): Promise<ParsedRefreshToken | null> {
  const parts = token.split('.')
  if (
    parts.length !== 3 ||
    !/^\d{1,3}$/.test(parts[0]!) ||
    !/^[0-9a-f-]{36}$/.test(parts[1]!) ||
    !/^[A-Za-z0-9_-]{43}$/.test(parts[2]!)
  )
    return null
  const partition = Number(parts[0])
  if (partition >= pool.partitions) return null
  try {
    fromBase64Url(parts[2]!)
  } catch {
    return null
  }
  return { partition, originJti: parts[1]!, secretHash: await hashSecret(parts[2]!) }
}

const newSecret = (): string => toBase64Url(randomBytes(32))

/** Starts a family at sign-in; returns the refresh token (the only time it exists in clear). */
export async function startRefreshFamily(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  username: string,
  refreshValiditySeconds: number,
  authTime: number,
  scopes?: string[],
): Promise<{ token: string; family: RefreshTokenFamily }> {
  const { token, family, put } = await newRefreshFamily(
    services,
    pool,
    client,
    username,
    refreshValiditySeconds,
    authTime,
    scopes,
  )
  await services.stores.directory(pool.Id, put.partition).commit({
    expect: [{ key: put.key, version: 0 }],
    put: [{ key: put.key, value: family, expiresAt: family.expiresAt }],
  })
  return { token, family }
}

/**
 * Builds a family and its token without storing it, for callers that store it in a larger commit
 * (the code exchange claims its code and creates the family in one transaction).
 */
export async function newRefreshFamily(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  username: string,
  refreshValiditySeconds: number,
  authTime: number,
  scopes?: string[],
): Promise<{ token: string; family: RefreshTokenFamily; put: { partition: number; key: string } }> {
  const originJti = crypto.randomUUID()
  const secret = newSecret()
  const now = services.now()
  const family: RefreshTokenFamily = {
    originJti,
    username,
    clientId: client.ClientId,
    currentHash: await hashSecret(secret),
    authTime,
    ...(scopes ? { scopes } : {}),
    createdAt: now,
    expiresAt: now + refreshValiditySeconds * 1000,
    revoked: false,
  }
  const partition = userPartition(pool, username)
  return {
    token: `${partition}.${originJti}.${secret}`,
    family,
    put: { partition, key: refreshFamilyKey(originJti) },
  }
}

export interface RedeemedFamily {
  family: RefreshTokenFamily
  store: RecordStore
  /** A new refresh token when the client rotates them. */
  rotatedToken?: string
}

const INVALID = 'Invalid Refresh Token'
/** How many generations of rotated-out tokens a family remembers for replay detection. */
const RETIRED_HASHES_KEPT = 32

/**
 * Redeems a refresh token. Without rotation the token stays valid until it expires or is revoked
 * (Cognito's default). With rotation, the token is swapped by compare-and-set: of N concurrent
 * redemptions exactly one rotates; the replaced token still works inside the grace window (no new
 * refresh token is issued then), and its reuse after the window, or the reuse of any of the 32
 * tokens rotated out before it, revokes the whole family.
 */
export async function redeemRefreshToken(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  token: string,
  options: { alwaysRotate?: boolean } = {},
): Promise<RedeemedFamily> {
  const parsed = await parseRefreshToken(token, pool)
  if (!parsed) throw new NotAuthorizedException(INVALID)
  const store = services.stores.directory(pool.Id, parsed.partition)
  const key = refreshFamilyKey(parsed.originJti)
  const record = await store.get<RefreshTokenFamily>(key)
  if (!record || record.value.clientId !== client.ClientId)
    throw new NotAuthorizedException(INVALID)
  const family = record.value
  if (family.revoked) throw new NotAuthorizedException('Refresh Token has been revoked')
  const now = services.now()
  const isCurrent = family.currentHash === parsed.secretHash
  const isPrevious = family.previousHash === parsed.secretHash
  if (!isCurrent && !isPrevious) {
    // A token rotated out generations ago is a replay as much as the previous one after its
    // window: whoever holds the family is not who it was issued to, so nobody keeps it.
    if (family.retiredHashes?.includes(parsed.secretHash)) {
      await store.commit({
        put: [{ key, value: { ...family, revoked: true }, expiresAt: family.expiresAt }],
      })
      throw new NotAuthorizedException('Refresh Token has been revoked')
    }
    throw new NotAuthorizedException(INVALID)
  }
  if (isPrevious && (family.previousValidUntil ?? 0) < now) {
    await store.commit({
      put: [{ key, value: { ...family, revoked: true }, expiresAt: family.expiresAt }],
    })
    throw new NotAuthorizedException('Refresh Token has been revoked')
  }
  const rotation =
    options.alwaysRotate === true || client.RefreshTokenRotation?.Feature === 'ENABLED'
  if (!rotation || isPrevious) return { family, store }
  const secret = newSecret()
  const rotated: RefreshTokenFamily = {
    ...family,
    retiredHashes: [
      ...(family.previousHash ? [family.previousHash] : []),
      ...(family.retiredHashes ?? []),
    ].slice(0, RETIRED_HASHES_KEPT),
    previousHash: family.currentHash,
    previousValidUntil: now + (client.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000,
    currentHash: await hashSecret(secret),
  }
  const result = await store.commit({
    expect: [{ key, version: record.version }],
    put: [{ key, value: rotated, expiresAt: family.expiresAt }],
  })
  // Lost the race: another redemption rotated first; this one is now a retry of the previous token.
  if (!result.ok) return redeemRefreshToken(services, pool, client, token, options)
  return {
    family: rotated,
    store,
    rotatedToken: `${parsed.partition}.${parsed.originJti}.${secret}`,
  }
}

/** Marks a family revoked (RevokeToken); unknown or foreign tokens are ignored, as RFC 7009 asks. */
export async function revokeRefreshFamily(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  token: string,
): Promise<void> {
  const parsed = await parseRefreshToken(token, pool)
  if (!parsed) return
  const store = services.stores.directory(pool.Id, parsed.partition)
  const key = refreshFamilyKey(parsed.originJti)
  const record = await store.get<RefreshTokenFamily>(key)
  if (!record || record.value.clientId !== client.ClientId) return
  if (
    record.value.currentHash !== parsed.secretHash &&
    record.value.previousHash !== parsed.secretHash
  )
    return
  await store.commit({
    put: [{ key, value: { ...record.value, revoked: true }, expiresAt: record.value.expiresAt }],
  })
}
