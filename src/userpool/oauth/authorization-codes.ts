import { toBase64Url } from '../../crypto/encoding'
import { sha256 } from '../../crypto/hash'
import { randomToken } from '../../crypto/random'
import { InvalidGrant } from '../../errors/oauth'
import { normalizeUsername, partitionOf, userKey } from '../directory'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { refreshFamilyKey } from '../tokens/refresh-tokens'

/** RFC 9700: codes are short-lived; five minutes is the upper bound. */
const CODE_LIFETIME_MS = 5 * 60 * 1000

/** What an authorization code stands for, stored hashed in the user's partition. */
export interface AuthorizationCode {
  clientId: string
  username: string
  redirectUri: string
  scopes: string[]
  nonce?: string
  codeChallenge?: string
  authTime: number
  expiresAt: number
  /** Set when the code is redeemed; a replay revokes the family it issued. */
  redeemedFamily?: string
}

const codeKey = async (secret: string) => `code:${toBase64Url(await sha256(secret))}`

/** Issues a code: `<partition>.<secret>`, single use, bound to client, redirect URI and PKCE challenge. */
export async function issueAuthorizationCode(services: UserPoolServices, pool: UserPoolConfig, grant: Omit<AuthorizationCode, 'expiresAt'>): Promise<string> {
  const partition = partitionOf(userKey(normalizeUsername(pool, grant.username)), pool.partitions)
  const secret = randomToken(32)
  const expiresAt = services.now() + CODE_LIFETIME_MS
  const key = await codeKey(secret)
  await services.stores.directory(pool.Id, partition).commit({ expect: [{ key, version: 0 }], put: [{ key, value: { ...grant, expiresAt }, expiresAt: expiresAt + CODE_LIFETIME_MS }] })
  return `${partition}.${secret}`
}

/**
 * Redeems a code exactly once. `issue` runs only for the first redemption and returns the id of the
 * refresh-token family it created; a second redemption of the same code revokes that family
 * (RFC 9700 §4.5) and fails.
 */
export async function redeemAuthorizationCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  code: string,
  check: (grant: AuthorizationCode) => Promise<void>,
  issue: (grant: AuthorizationCode) => Promise<{ familyId: string }>,
): Promise<void> {
  const match = /^(\d{1,3})\.([A-Za-z0-9_-]{43})$/.exec(code)
  if (!match || Number(match[1]) >= pool.partitions) throw new InvalidGrant('Invalid authorization code')
  const store = services.stores.directory(pool.Id, Number(match[1]))
  const key = await codeKey(match[2]!)
  const record = await store.get<AuthorizationCode>(key)
  if (!record) throw new InvalidGrant('Invalid authorization code')
  const grant = record.value
  if (grant.redeemedFamily !== undefined) {
    await revokeFamily(services, pool, grant)
    throw new InvalidGrant('Authorization code has already been used')
  }
  if (grant.expiresAt < services.now()) throw new InvalidGrant('Authorization code has expired')
  await check(grant)
  // Claim the code before issuing anything, so two concurrent redemptions cannot both succeed.
  const claimed = await store.commit({ expect: [{ key, version: record.version }], put: [{ key, value: { ...grant, redeemedFamily: '' }, expiresAt: grant.expiresAt + CODE_LIFETIME_MS }] })
  if (!claimed.ok) throw new InvalidGrant('Authorization code has already been used')
  const { familyId } = await issue(grant)
  await store.commit({ put: [{ key, value: { ...grant, redeemedFamily: familyId }, expiresAt: grant.expiresAt + CODE_LIFETIME_MS }] })
}

async function revokeFamily(services: UserPoolServices, pool: UserPoolConfig, grant: AuthorizationCode): Promise<void> {
  if (!grant.redeemedFamily) return
  const store = services.stores.directory(pool.Id, partitionOf(userKey(normalizeUsername(pool, grant.username)), pool.partitions))
  const key = refreshFamilyKey(grant.redeemedFamily)
  const family = await store.get<{ revoked: boolean; expiresAt: number }>(key)
  if (family) await store.commit({ put: [{ key, value: { ...family.value, revoked: true }, expiresAt: family.value.expiresAt }] })
}
