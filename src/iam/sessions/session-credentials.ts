import type { Sealer } from '../../crypto/aead'
import { toBase64 } from '../../crypto/encoding'
import { randomString } from '../../crypto/random'

/**
 * What a session token carries: the role assumed and who assumed it, with the context keys its
 * policies are evaluated with. Kept small: the token travels with every signed request.
 */
export interface SessionClaims {
  roleArn: string
  identityId: string
  identityPoolId: string
  /** `cognito-identity.amazonaws.com:amr`: `authenticated` and the providers, or `unauthenticated`. */
  amr: string[]
  /** `cognito-identity.amazonaws.com:aud`: the identity pool id. */
  aud: string
  /** Epoch seconds. */
  iat: number
  exp: number
  /**
   * The session's principal tags (`aws:PrincipalTag/{key}` in policies): from the identity pool's
   * attribute map, or the tags a developer provider or web identity token carried.
   */
  tags?: Record<string, string>
  /**
   * The session policy, as the JSON text it was given in (STS's `Policy`, the guest scope-down):
   * the session may do only what both it and the role's policies allow.
   */
  sessionPolicy?: string
  /** How the role session is named in denials (`assumed-role/{role}/{name}`). */
  sessionName?: string
}

/** Temporary credentials, as Cognito and STS name their members. */
export interface SessionCredentials {
  AccessKeyId: string
  SecretKey: string
  SessionToken: string
  /** Epoch seconds. */
  Expiration: number
}

const TOKEN_PURPOSE = 'session-token'
const SECRET_PURPOSE = 'session-secret'
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** Whether an access key id is a session's (AWS's `ASIA` prefix for temporary keys). */
export const isSessionAccessKey = (accessKeyId: string): boolean =>
  /^ASIA[A-Z2-7]{16}$/.test(accessKeyId)

/** The secret key of a session's access key: derived from the root secret, so never stored. */
async function sessionSecret(sealer: Sealer, accessKeyId: string): Promise<string> {
  return toBase64(await sealer.fingerprint(SECRET_PURPOSE, accessKeyId))
}

/**
 * Vends credentials for `claims`: a fresh `ASIA` access key, its derived secret, and the claims
 * sealed as the session token with the access key bound as associated data, so a token presented
 * with another key does not open. Nothing is stored.
 */
export async function vendSessionCredentials(
  sealer: Sealer,
  claims: SessionClaims,
): Promise<SessionCredentials> {
  const accessKeyId = `ASIA${randomString(16, KEY_ALPHABET)}`
  return {
    AccessKeyId: accessKeyId,
    SecretKey: await sessionSecret(sealer, accessKeyId),
    SessionToken: await sealer.seal(TOKEN_PURPOSE, claims, accessKeyId),
    Expiration: claims.exp,
  }
}

/** An opened session: its claims and the secret key requests must be signed with. */
export interface OpenedSession {
  claims: SessionClaims
  secretKey: string
}

/**
 * Opens a session token presented with `accessKeyId` at `now` (epoch seconds): its claims and
 * secret; `'expired'` once past its expiry; null when it is not ours or not this key's.
 */
export async function openSessionCredentials(
  sealer: Sealer,
  accessKeyId: string,
  sessionToken: string,
  now: number,
): Promise<OpenedSession | 'expired' | null> {
  if (!isSessionAccessKey(accessKeyId)) return null
  const claims = await sealer.open<SessionClaims>(TOKEN_PURPOSE, sessionToken, accessKeyId)
  if (!claims || typeof claims.exp !== 'number') return null
  if (now >= claims.exp) return 'expired'
  return { claims, secretKey: await sessionSecret(sealer, accessKeyId) }
}
