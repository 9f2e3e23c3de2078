import {
  InvalidIdentityPoolConfigurationException,
  NotAuthorizedException,
} from '../../errors/cognito'
import type { ResolvedIdentity } from '../identities/resolve-identity'
import { userPoolOfProvider } from '../logins/providers'
import type { VerifiedLogin } from '../logins/verify-logins'
import type { IdentityPoolConfig, MappingRule, RoleMappingConfig } from '../model'

/** Cognito's words when a pool has no role (or no usable one) for a request. */
export const INVALID_CONFIGURATION =
  'Invalid identity pool configuration. Check assigned IAM roles for this pool.'
const AMBIGUOUS_DENIED = 'The ambiguous role mapping rules denied this request.'

/** The role mapping of a login: keyed `{provider}:{clientId}` for a user pool app client. */
function mappingOf(pool: IdentityPoolConfig, login: VerifiedLogin): RoleMappingConfig | undefined {
  const mappings = pool.roles?.RoleMappings ?? {}
  const userPoolId = userPoolOfProvider(login.provider)?.userPoolId
  for (const [key, mapping] of Object.entries(mappings)) {
    if (key === login.provider) return mapping
    const colon = key.lastIndexOf(':')
    if (
      userPoolId !== undefined &&
      colon > 0 &&
      userPoolOfProvider(key.slice(0, colon))?.userPoolId === userPoolId &&
      key.slice(colon + 1) === login.claims.aud
    )
      return mapping
  }
  return undefined
}

/** `cognito:roles` as a list (a user pool sends an array; other issuers a comma-separated string). */
function rolesClaim(claims: Record<string, unknown>): string[] {
  const roles = claims['cognito:roles']
  if (Array.isArray(roles)) return roles.filter((r): r is string => typeof r === 'string')
  if (typeof roles === 'string') return roles.split(',').filter((r) => r !== '')
  return []
}

/** A claim as the strings a rule compares with (a list claim matches if any member does). */
function claimValues(claims: Record<string, unknown>, name: string): string[] | null {
  const value = claims[name]
  if (value === undefined || value === null) return null
  if (Array.isArray(value)) return value.map(String)
  return [String(value)]
}

function ruleMatches(rule: MappingRule, claims: Record<string, unknown>): boolean {
  const values = claimValues(claims, rule.Claim)
  // A NotEqual rule on a claim the token lacks is not evaluated, as Cognito documents.
  if (values === null) return false
  switch (rule.MatchType) {
    case 'Equals':
      return values.includes(rule.Value)
    case 'NotEqual':
      return !values.includes(rule.Value)
    case 'StartsWith':
      return values.some((v) => v.startsWith(rule.Value))
    case 'Contains':
      return values.some((v) => v.includes(rule.Value))
  }
}

/** The role a mapping chooses, or 'ambiguous'. */
function mappedRole(
  mapping: RoleMappingConfig,
  claims: Record<string, unknown>,
  customRoleArn: string | undefined,
): string | 'ambiguous' {
  if (mapping.Type === 'Rules') {
    const rule = (mapping.RulesConfiguration?.Rules ?? []).find((r) => ruleMatches(r, claims))
    return rule ? rule.RoleARN : 'ambiguous'
  }
  const roles = rolesClaim(claims)
  if (customRoleArn !== undefined) {
    if (!roles.includes(customRoleArn))
      throw new NotAuthorizedException('The CustomRoleArn is not one of the roles of the token.')
    return customRoleArn
  }
  const preferred = claims['cognito:preferred_role']
  if (typeof preferred === 'string') return preferred
  return roles.length === 1 ? roles[0]! : 'ambiguous'
}

/**
 * The role a request's credentials are for, as Cognito chooses it: the role mapping of the
 * request's first mapped login (Token: CustomRoleArn among `cognito:roles`, else
 * `cognito:preferred_role`, else a single `cognito:roles`; Rules: the first matching rule), an
 * ambiguous answer resolved by the mapping to the authenticated role or denied; else the pool's
 * default role for authenticated or guest identities. A CustomRoleArn no Token mapping allows is
 * refused.
 */
export function chooseRole(
  pool: IdentityPoolConfig,
  identity: ResolvedIdentity,
  customRoleArn: string | undefined,
): string {
  const defaults = pool.roles?.Roles ?? {}
  if (!identity.authenticated) {
    if (customRoleArn !== undefined)
      throw new NotAuthorizedException('A CustomRoleArn needs an authenticated identity.')
    if (!defaults.unauthenticated)
      throw new InvalidIdentityPoolConfigurationException(INVALID_CONFIGURATION)
    return defaults.unauthenticated
  }
  for (const login of identity.logins) {
    const mapping = mappingOf(pool, login)
    if (!mapping) continue
    const role = mappedRole(mapping, login.claims, customRoleArn)
    if (role !== 'ambiguous') return role
    if (mapping.AmbiguousRoleResolution === 'Deny')
      throw new NotAuthorizedException(AMBIGUOUS_DENIED)
    break
  }
  if (customRoleArn !== undefined && customRoleArn !== defaults.authenticated)
    throw new NotAuthorizedException('The CustomRoleArn is not one of the roles of the token.')
  if (!defaults.authenticated)
    throw new InvalidIdentityPoolConfigurationException(INVALID_CONFIGURATION)
  return defaults.authenticated
}
