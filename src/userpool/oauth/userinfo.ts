import { readableAttributes } from '../attributes/attributes'
import type { UserPoolClientConfig, UserRecord } from '../model'

const PROFILE = [
  'name',
  'family_name',
  'given_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'updated_at',
]
/** The standard claims each OIDC scope releases at userInfo. */
const BY_SCOPE: Record<string, string[]> = {
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  profile: PROFILE,
}

/** Every standard user claim a scope releases: what discovery announces beside the token claims. */
export const SCOPED_CLAIMS: readonly string[] = Object.values(BY_SCOPE).flat()

/**
 * The userInfo claims (OIDC Core §5.4): `sub` always, standard claims by scope, everything the
 * client may read for aws.cognito.signin.user.admin (as Cognito does); `username` as Cognito adds.
 */
export function userInfoClaims(
  user: UserRecord,
  client: UserPoolClientConfig,
  scopes: string[],
): Record<string, unknown> {
  const readable = readableAttributes(client, user.attributes)
  const names = scopes.includes('aws.cognito.signin.user.admin')
    ? Object.keys(readable)
    : scopes.flatMap((scope) => BY_SCOPE[scope] ?? [])
  const claims: Record<string, unknown> = { sub: user.sub }
  for (const name of names) {
    const value = readable[name]
    if (value === undefined) continue
    claims[name] = name.endsWith('_verified')
      ? value === 'true'
      : name === 'updated_at' && /^\d+$/.test(value)
        ? Number(value)
        : value
  }
  claims.username = user.username
  return claims
}
