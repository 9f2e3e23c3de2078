import type { GroupConfig, UserPoolConfig, UserRecord } from '../model'
import { findGroup } from '../store/pool-repository'
import type { UserPoolServices } from '../services'

export interface GroupClaims {
  'cognito:groups'?: string[]
  'cognito:roles'?: string[]
  'cognito:preferred_role'?: string
}

/**
 * `cognito:preferred_role`, as the developer guide's groups page has it: the role of the group with
 * the best (lowest) Precedence among the user's groups that have a role, groups without a
 * Precedence ranking last. Groups tied at the best Precedence give their role only when they
 * share it; a single role among all the groups is preferred whatever their Precedence. Otherwise
 * there is none. `groups` are in precedence order.
 */
function preferredRole(groups: GroupConfig[]): string | undefined {
  const withRoles = groups.filter((g) => g.RoleArn)
  const distinct = new Set(withRoles.map((g) => g.RoleArn))
  if (distinct.size <= 1) return withRoles[0]?.RoleArn
  const best = withRoles[0]!.Precedence
  const tied = new Set(withRoles.filter((g) => g.Precedence === best).map((g) => g.RoleArn))
  return tied.size === 1 ? withRoles[0]!.RoleArn : undefined
}

/**
 * The group claims Cognito puts in ID and access tokens: groups ordered by precedence (lowest
 * first, groups without one last), their role ARNs, and the preferred role (see preferredRole).
 */
export async function groupClaims(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
): Promise<GroupClaims> {
  if (user.groups.length === 0) return {}
  const groups = (
    await Promise.all(user.groups.map((name) => findGroup(services, pool.Id, name)))
  ).filter((g): g is GroupConfig => g !== null)
  if (groups.length === 0) return {}
  groups.sort(
    (a, b) =>
      (a.Precedence ?? Number.MAX_SAFE_INTEGER) - (b.Precedence ?? Number.MAX_SAFE_INTEGER) ||
      a.GroupName.localeCompare(b.GroupName),
  )
  const roles = groups.map((g) => g.RoleArn).filter((arn): arn is string => Boolean(arn))
  const preferred = preferredRole(groups)
  return {
    'cognito:groups': groups.map((g) => g.GroupName),
    ...(roles.length ? { 'cognito:roles': [...new Set(roles)] } : {}),
    ...(preferred ? { 'cognito:preferred_role': preferred } : {}),
  }
}
