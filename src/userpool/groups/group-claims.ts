import type { GroupConfig, UserPoolConfig, UserRecord } from '../model'
import { findGroup } from '../store/pool-repository'
import type { UserPoolServices } from '../services'

export interface GroupClaims {
  'cognito:groups'?: string[]
  'cognito:roles'?: string[]
  'cognito:preferred_role'?: string
}

/**
 * The group claims Cognito puts in ID and access tokens: groups ordered by precedence (lowest
 * first, groups without one last), their role ARNs, and the preferred role: the role of the
 * lowest-precedence group that has one.
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
  const preferred = groups.find((g) => g.RoleArn)?.RoleArn
  return {
    'cognito:groups': groups.map((g) => g.GroupName),
    ...(roles.length ? { 'cognito:roles': [...new Set(roles)] } : {}),
    ...(preferred ? { 'cognito:preferred_role': preferred } : {}),
  }
}
