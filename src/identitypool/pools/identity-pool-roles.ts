import { InvalidParameterException } from '../../errors/cognito'
import type { UserPoolServices } from '../../userpool/services'
import { oidcProviderKey, userPoolOfProvider } from '../logins/providers'
import type { IdentityPoolConfig, IdentityPoolRoles, RoleMappingConfig } from '../model'
import { changeIdentityPool, requireIdentityPool } from '../store/pool-repository'

/** What SetIdentityPoolRoles takes once the wire shape is checked. */
export interface IdentityPoolRolesInput {
  Roles: Record<string, string>
  RoleMappings?: Record<
    string,
    {
      Type: RoleMappingConfig['Type']
      AmbiguousRoleResolution?: RoleMappingConfig['AmbiguousRoleResolution']
      RulesConfiguration?: { Rules: NonNullable<RoleMappingConfig['RulesConfiguration']>['Rules'] }
    }
  >
}

/** Cognito's limit on rules per provider (the service model allows more; the service does not). */
const MAX_RULES = 25

/** The syntax of an IAM role ARN, of any account (the role itself is checked when it is assumed). */
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]{1,64}$/

function requireRoleArn(arn: string): string {
  if (!ROLE_ARN.test(arn))
    throw new InvalidParameterException(`Invalid RoleArn: ${arn.slice(0, 256)}`)
  return arn
}

/**
 * Whether a role-mapping key names a login provider of the pool: a user pool app client as
 * `{provider}:{clientId}`, or a supported login provider or OpenID Connect provider by its key.
 */
function isProviderOfPool(pool: IdentityPoolConfig, key: string): boolean {
  const colon = key.lastIndexOf(':')
  if (colon > 0) {
    const userPool = userPoolOfProvider(key.slice(0, colon))
    const clientId = key.slice(colon + 1)
    if (userPool)
      return pool.CognitoIdentityProviders.some(
        (p) =>
          userPoolOfProvider(p.ProviderName)?.userPoolId === userPool.userPoolId &&
          p.ClientId === clientId,
      )
  }
  return (
    Object.hasOwn(pool.SupportedLoginProviders, key) ||
    pool.OpenIdConnectProviderARNs.some((arn) => oidcProviderKey(arn) === key)
  )
}

function roleMapping(
  key: string,
  mapping: NonNullable<IdentityPoolRolesInput['RoleMappings']>[string],
): RoleMappingConfig {
  if (mapping.AmbiguousRoleResolution === undefined)
    throw new InvalidParameterException(
      `AmbiguousRoleResolution must be specified for the role mapping of ${key.slice(0, 128)}.`,
    )
  if (mapping.Type === 'Token')
    return { Type: 'Token', AmbiguousRoleResolution: mapping.AmbiguousRoleResolution }
  const rules = mapping.RulesConfiguration?.Rules
  if (!rules)
    throw new InvalidParameterException(
      `RulesConfiguration must be specified for the role mapping of ${key.slice(0, 128)}.`,
    )
  if (rules.length > MAX_RULES)
    throw new InvalidParameterException(
      `A role mapping can have at most ${MAX_RULES} rules; ${key.slice(0, 128)} has ${rules.length}.`,
    )
  for (const rule of rules) requireRoleArn(rule.RoleARN)
  return {
    Type: 'Rules',
    AmbiguousRoleResolution: mapping.AmbiguousRoleResolution,
    RulesConfiguration: { Rules: rules.map((r) => ({ ...r })) },
  }
}

/** SetIdentityPoolRoles: replaces the pool's default roles and role mappings. */
export async function setIdentityPoolRoles(
  services: UserPoolServices,
  identityPoolId: string,
  input: IdentityPoolRolesInput,
): Promise<void> {
  const pool = await requireIdentityPool(services, identityPoolId)
  const roles: IdentityPoolRoles['Roles'] = {}
  for (const [kind, arn] of Object.entries(input.Roles)) {
    if (kind !== 'authenticated' && kind !== 'unauthenticated')
      throw new InvalidParameterException(`Invalid role type: ${kind.slice(0, 128)}`)
    roles[kind] = requireRoleArn(arn)
  }
  const mappings: Array<[string, RoleMappingConfig]> = []
  for (const [key, mapping] of Object.entries(input.RoleMappings ?? {})) {
    if (!isProviderOfPool(pool, key))
      throw new InvalidParameterException(
        `(${key.slice(0, 128)}) is not a valid RoleMapping ProviderName or is not a configured provider.`,
      )
    mappings.push([key, roleMapping(key, mapping)])
  }
  const next: IdentityPoolRoles = { Roles: roles, RoleMappings: Object.fromEntries(mappings) }
  await changeIdentityPool(services, identityPoolId, (current) => ({ ...current, roles: next }))
}

/** GetIdentityPoolRoles: what SetIdentityPoolRoles last set (nothing before it). */
export async function getIdentityPoolRoles(
  services: UserPoolServices,
  identityPoolId: string,
): Promise<IdentityPoolRoles> {
  const pool = await requireIdentityPool(services, identityPoolId)
  return pool.roles ?? { Roles: {}, RoleMappings: {} }
}
