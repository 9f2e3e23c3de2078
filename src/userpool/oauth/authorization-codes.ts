import { toBase64Url } from '../../crypto/encoding'
import { sha256 } from '../../crypto/hash'
import { randomToken } from '../../crypto/random'
import { InvalidGrant } from '../../errors/oauth'
import { getUserByUsername, userPartition } from '../store/directory'
import {
  consumeAuthorizationCode,
  readAuthorizationCode,
  recordAuthorizationCode,
  revokeFamilyOfCode,
} from '../store/tokens'
import type { RefreshTokenFamily, UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { startedBeforeValidity } from '../tokens/token-validity'
import { newRefreshFamily } from '../tokens/refresh-tokens'

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
  /** The sign-in's auth event: the tokens' `event_id`, kept by the refresh family the code starts. */
  eventId?: string
  /**
   * When the code was issued: a sign-out or password reset after it ends what it stands for. Always
   * written; absent only on codes stored before it was, which are read as issued at expiry − lifetime.
   */
  issuedAt?: number
  expiresAt: number
  /** Set when the code is redeemed; a replay revokes the family it issued. */
  redeemedFamily?: string
}

const hashSecret = async (secret: string) => toBase64Url(await sha256(secret))

/** Issues a code: `<partition>.<secret>`, single use, bound to client, redirect URI and PKCE challenge. */
export async function issueAuthorizationCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  grant: Omit<AuthorizationCode, 'issuedAt' | 'expiresAt'>,
): Promise<string> {
  const partition = userPartition(pool, grant.username)
  const secret = randomToken(32)
  const issuedAt = services.now()
  const expiresAt = issuedAt + CODE_LIFETIME_MS
  const code: AuthorizationCode = { ...grant, issuedAt, expiresAt }
  // Kept a lifetime past its expiry, so a late replay still finds the family to revoke.
  const keepUntil = expiresAt + CODE_LIFETIME_MS
  await recordAuthorizationCode(
    services,
    pool,
    partition,
    await hashSecret(secret),
    code,
    keepUntil,
  )
  return `${partition}.${secret}`
}

export interface RedeemedCode {
  grant: AuthorizationCode
  user: UserRecord
  refreshToken: string
  family: RefreshTokenFamily
}

/**
 * Redeems a code exactly once. The code, its user and the family it starts live in one partition,
 * so the code is claimed and the new refresh-token family created in one atomic commit:
 * two concurrent redemptions cannot both succeed, and a later replay finds the family to revoke
 * (RFC 9700 §4.5). A code issued before the user's tokens were revoked (global sign-out, password
 * reset, disabling) is refused like any token begun before then.
 */
export async function redeemAuthorizationCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  code: string,
  refreshValiditySeconds: number,
  check: (grant: AuthorizationCode) => Promise<void>,
  /** Runs once the code and its user are known good, before the code is consumed (PreTokenGeneration). */
  beforeConsume?: (grant: AuthorizationCode, user: UserRecord) => Promise<void>,
): Promise<RedeemedCode> {
  const match = /^(\d{1,3})\.([A-Za-z0-9_-]{43})$/.exec(code)
  if (!match || Number(match[1]) >= pool.partitions)
    throw new InvalidGrant('Invalid authorization code')
  const held = await readAuthorizationCode<AuthorizationCode>(
    services,
    pool,
    Number(match[1]),
    await hashSecret(match[2]!),
  )
  if (!held) throw new InvalidGrant('Invalid authorization code')
  const grant = held.value
  if (grant.redeemedFamily !== undefined) {
    await revokeFamilyOfCode(held)
    throw new InvalidGrant('Authorization code has already been used')
  }
  if (grant.expiresAt < services.now()) throw new InvalidGrant('Authorization code has expired')
  await check(grant)
  // The code is in its user's partition: this read goes to the same store.
  const user = (await getUserByUsername(services, pool, grant.username))?.user
  if (!user?.enabled) throw new InvalidGrant('The user can no longer sign in')
  const issuedAt = grant.issuedAt ?? grant.expiresAt - CODE_LIFETIME_MS
  if (startedBeforeValidity(user, issuedAt))
    throw new InvalidGrant('The sign-in this code was issued for has ended')
  await beforeConsume?.(grant, user)
  const built = await newRefreshFamily(
    services,
    pool,
    client,
    user.username,
    refreshValiditySeconds,
    grant.authTime,
    grant.scopes,
    grant.eventId ? { eventId: grant.eventId } : {},
  )
  // The family continues the sign-in the code stands for, so it starts when the code was issued:
  // a sign-out that lands between the check above and this commit still revokes it.
  const family: RefreshTokenFamily = { ...built.family, createdAt: issuedAt }
  if (!(await consumeAuthorizationCode(held, family, grant.expiresAt + CODE_LIFETIME_MS)))
    throw new InvalidGrant('Authorization code has already been used')
  return { grant, user, refreshToken: built.token, family }
}
