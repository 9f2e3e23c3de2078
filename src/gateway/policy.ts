import type { Requirements } from './config'
import type { Identity } from './authorizer'

const groupsOf = (identity: Identity): string[] => {
  const groups = identity.claims['cognito:groups']
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : []
}

/** Whether an identity meets a route's requirements (groups any-of / all-of, scopes, claim values). */
export function meetsRequirements(identity: Identity, require: Requirements | undefined): boolean {
  if (!require) return true
  const groups = groupsOf(identity)
  if (require.groupsAnyOf?.length && !require.groupsAnyOf.some((g) => groups.includes(g)))
    return false
  if (require.groupsAllOf?.length && !require.groupsAllOf.every((g) => groups.includes(g)))
    return false
  const scopes = String(identity.claims.scope ?? '').split(' ')
  if (require.scopes?.length && !require.scopes.every((s) => scopes.includes(s))) return false
  for (const [claim, value] of Object.entries(require.claims ?? {}))
    if (String(identity.claims[claim] ?? '') !== value) return false
  return true
}

export { groupsOf }
