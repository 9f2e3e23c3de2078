import { InvalidScope } from '../../errors/oauth'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import { customScopes } from '../resource-servers/resource-servers'
import type { UserPoolServices } from '../services'

/** Scopes with a meaning of their own; anything else must be `resource-server/scope`. */
export const STANDARD_SCOPES = [
  'openid',
  'email',
  'phone',
  'profile',
  'aws.cognito.signin.user.admin',
] as const

/**
 * The scopes granted for a request: every requested scope must be allowed to the client (else
 * invalid_scope); none requested means all the client is allowed, as Cognito does. Custom scopes
 * must still exist on a resource server (deleted ones are never granted).
 */
export async function grantScopes(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  requested: string | undefined,
  kind: 'user' | 'client_credentials',
): Promise<string[]> {
  const allowed = new Set(client.AllowedOAuthScopes ?? [])
  const custom = await customScopes(services, pool)
  const usable = (scope: string) =>
    allowed.has(scope) &&
    ((STANDARD_SCOPES as readonly string[]).includes(scope) ? kind === 'user' : custom.has(scope))
  const asked = requested?.split(' ').filter(Boolean)
  if (!asked || asked.length === 0) {
    const all = [...allowed].filter(usable)
    if (all.length === 0) throw new InvalidScope('No scopes are allowed for this client')
    return all
  }
  const refused = asked.filter((scope) => !usable(scope))
  if (refused.length > 0)
    throw new InvalidScope(`Scope not allowed for this client: ${refused.slice(0, 3).join(' ')}`)
  return [...new Set(asked)]
}
