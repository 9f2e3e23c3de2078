import { InvalidParameterException } from '../../errors/cognito'
import type { VerifiedLogin } from '../logins/verify-logins'
import type { IdentityPoolConfig } from '../model'
import { principalTagMapOf } from '../pools/principal-tag-maps'

/**
 * The claim in which an identity pool's own OpenID token (GetOpenIdTokenForDeveloperIdentity's,
 * with PrincipalTags) carries session tags, as STS reads it from any web identity token:
 * `{"principal_tags": {"key": ["value"]}}`.
 */
const TAGS_CLAIM = 'https://aws.amazon.com/tags'

/** The login key of an identity pool's own OpenID token. */
const IDENTITY_POOL_TOKEN = 'cognito-identity.amazonaws.com'

/** STS's session-tag limits. */
const MAX_TAGS = 50
const MAX_KEY_LENGTH = 128
const MAX_VALUE_LENGTH = 256

/** The tags a token carries in TAGS_CLAIM: the first value of each key, strings only. */
function carriedTags(claims: Record<string, unknown>): Array<[string, string]> {
  const claim = claims[TAGS_CLAIM]
  if (typeof claim !== 'object' || claim === null) return []
  const principalTags = (claim as Record<string, unknown>).principal_tags
  if (typeof principalTags !== 'object' || principalTags === null || Array.isArray(principalTags))
    return []
  const tags: Array<[string, string]> = []
  for (const [key, values] of Object.entries(principalTags))
    if (Array.isArray(values) && typeof values[0] === 'string') tags.push([key, values[0]])
  return tags
}

/** The tags a provider's map takes from a login's claims: string claims only, absent ones skipped. */
function mappedTags(pool: IdentityPoolConfig, login: VerifiedLogin): Array<[string, string]> {
  const tags: Array<[string, string]> = []
  for (const [key, claim] of Object.entries(principalTagMapOf(pool, login.provider))) {
    const value = login.claims[claim]
    if (typeof value === 'string') tags.push([key, value])
  }
  return tags
}

/**
 * A session's principal tags from the logins that proved it: a developer-provider login (the
 * pool's own OpenID token) by the tags its token carries, every other login by its provider's
 * attribute map. Of two logins giving one key (keys compare case-insensitively, as IAM's do), the
 * first wins. Past STS's limits (50 tags, keys of 128 and values of 256 characters) the request
 * is refused rather than a tag cut or dropped: a policy could depend on it.
 */
export function sessionTags(
  pool: IdentityPoolConfig,
  logins: VerifiedLogin[],
): Record<string, string> | undefined {
  const tags = new Map<string, [string, string]>()
  for (const login of logins) {
    const fromToken =
      login.provider === IDENTITY_POOL_TOKEN || login.provider === pool.DeveloperProviderName
    for (const [key, value] of fromToken ? carriedTags(login.claims) : mappedTags(pool, login))
      if (!tags.has(key.toLowerCase())) tags.set(key.toLowerCase(), [key, value])
  }
  if (tags.size === 0) return undefined
  if (tags.size > MAX_TAGS)
    throw new InvalidParameterException(
      `A session can have at most ${MAX_TAGS} principal tags; the logins give ${tags.size}.`,
    )
  for (const [key, value] of tags.values()) {
    if (key.length === 0 || key.length > MAX_KEY_LENGTH)
      throw new InvalidParameterException(
        `Principal tag keys must be 1 to ${MAX_KEY_LENGTH} characters long.`,
      )
    if (value.length > MAX_VALUE_LENGTH)
      throw new InvalidParameterException(
        `The value of principal tag ${key} is longer than ${MAX_VALUE_LENGTH} characters.`,
      )
  }
  return Object.fromEntries(tags.values())
}
