import { fromBase64Url, toBase64Url } from '../../crypto/encoding'
import { sha256 } from '../../crypto/hash'
import { randomBytes } from '../../crypto/random'
import { NotAuthorizedException } from '../../errors/cognito'
import type { RefreshTokenFamily, UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { userPartition } from '../store/directory'
import {
  readRefreshFamily,
  revokeHeldFamily,
  rotateRefreshToken,
  storeRefreshFamily,
  type Held,
} from '../store/tokens'

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
  extras: { eventId?: string; deviceKey?: string } = {},
): Promise<{ token: string; family: RefreshTokenFamily }> {
  const { token, family } = await newRefreshFamily(
    services,
    pool,
    client,
    username,
    refreshValiditySeconds,
    authTime,
    scopes,
    extras,
  )
  await storeRefreshFamily(services, pool, family)
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
  { eventId, deviceKey }: { eventId?: string; deviceKey?: string } = {},
): Promise<{ token: string; family: RefreshTokenFamily }> {
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
    ...(eventId ? { eventId } : {}),
    ...(deviceKey ? { deviceKey } : {}),
    createdAt: now,
    expiresAt: now + refreshValiditySeconds * 1000,
    revoked: false,
  }
  return { token: `${userPartition(pool, username)}.${originJti}.${secret}`, family }
}

export interface RedeemedFamily {
  family: RefreshTokenFamily
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
  options: RedeemOptions = {},
): Promise<RedeemedFamily> {
  const parsed = await parseRefreshToken(token, pool)
  if (!parsed) throw new NotAuthorizedException(INVALID)
  const read = () => readRefreshFamily(services, pool, parsed.partition, parsed.originJti)
  const first = await redeemOnce(services, client, parsed, await read(), options)
  if (first !== LOST_RACE) return first
  // Another redemption rotated first: read again, and this one is now a use of the previous token
  // (inside its grace window it redeems without rotating; after it, the family is revoked).
  const second = await redeemOnce(services, client, parsed, await read(), options)
  if (second === LOST_RACE) throw new NotAuthorizedException(INVALID)
  return second
}

const LOST_RACE = Symbol('lost the rotation race')

export interface RedeemOptions {
  alwaysRotate?: boolean
  /**
   * Runs once the token is known good and before it is rotated (PreTokenGeneration), so a refusal
   * leaves the family as it was. It may run twice when a concurrent redemption wins the race.
   */
  beforeRedeem?: (family: RefreshTokenFamily) => Promise<void>
}

async function redeemOnce(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  parsed: ParsedRefreshToken,
  held: Held<RefreshTokenFamily> | null,
  options: RedeemOptions,
): Promise<RedeemedFamily | typeof LOST_RACE> {
  if (!held || held.value.clientId !== client.ClientId) throw new NotAuthorizedException(INVALID)
  const family = held.value
  if (family.revoked) throw new NotAuthorizedException('Refresh Token has been revoked')
  const now = services.now()
  const isCurrent = family.currentHash === parsed.secretHash
  const isPrevious = family.previousHash === parsed.secretHash
  if (!isCurrent && !isPrevious) {
    // A token rotated out generations ago is a replay as much as the previous one after its
    // window: whoever holds the family is not who it was issued to, so nobody keeps it.
    if (family.retiredHashes?.includes(parsed.secretHash)) {
      await revokeHeldFamily(held)
      throw new NotAuthorizedException('Refresh Token has been revoked')
    }
    throw new NotAuthorizedException(INVALID)
  }
  if (isPrevious && (family.previousValidUntil ?? 0) < now) {
    await revokeHeldFamily(held)
    throw new NotAuthorizedException('Refresh Token has been revoked')
  }
  await options.beforeRedeem?.(family)
  const rotation =
    options.alwaysRotate === true || client.RefreshTokenRotation?.Feature === 'ENABLED'
  if (!rotation || isPrevious) return { family }
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
  if (!(await rotateRefreshToken(held, rotated))) return LOST_RACE
  return { family: rotated, rotatedToken: `${parsed.partition}.${parsed.originJti}.${secret}` }
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
  const held = await readRefreshFamily(services, pool, parsed.partition, parsed.originJti)
  if (!held || held.value.clientId !== client.ClientId) return
  if (held.value.currentHash !== parsed.secretHash && held.value.previousHash !== parsed.secretHash)
    return
  await revokeHeldFamily(held)
}
