import {
  InvalidIdentityPoolConfigurationException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import {
  type SessionCredentials,
  vendSessionCredentials,
} from '../../iam/sessions/session-credentials'
import { epochSeconds } from '../../userpool/services'
import { amrOf } from '../identities/amr'
import { resolveIdentity } from '../identities/resolve-identity'
import type { LoginContext } from '../logins/verify-logins'
import { identityPoolOf } from '../store/identity-repository'
import { chooseRole, INVALID_CONFIGURATION } from './choose-role'
import { roleTrustingIdentity } from './role-trust'

/** Cognito's credentials last an hour. */
const SESSION_SECONDS = 3600

/**
 * GetCredentialsForIdentity (the enhanced flow): resolves the identity with its logins (a guest
 * only without logins, in a pool that allows guests), chooses its role, checks that the role
 * exists and that its trust policy lets this identity pool's identities assume it with their
 * `aud` and `amr`, and vends one-hour session credentials for it.
 */
export async function credentialsForIdentity(
  context: LoginContext,
  identityId: string,
  logins: Record<string, string>,
  customRoleArn: string | undefined,
): Promise<{ IdentityId: string; Credentials: SessionCredentials }> {
  const { services } = context
  const identityPoolId = await identityPoolOf(services, identityId)
  if (!identityPoolId)
    throw new ResourceNotFoundException(`Identity '${identityId.slice(0, 64)}' not found.`)
  const identity = await resolveIdentity(context, identityPoolId, identityId, logins)
  const roleArn = chooseRole(identity.pool, identity, customRoleArn)
  const amr = amrOf(identity)
  const trusted = await roleTrustingIdentity(services, roleArn, {
    identityPoolId,
    identityId: identity.identityId,
    amr,
  })
  if (!trusted) throw new InvalidIdentityPoolConfigurationException(INVALID_CONFIGURATION)
  const iat = epochSeconds(services)
  const credentials = await vendSessionCredentials(services.sealer, {
    roleArn,
    identityId: identity.identityId,
    identityPoolId,
    amr,
    aud: identityPoolId,
    iat,
    exp: iat + SESSION_SECONDS,
  })
  return { IdentityId: identity.identityId, Credentials: credentials }
}
