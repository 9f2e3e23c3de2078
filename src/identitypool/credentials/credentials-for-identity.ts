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
import { GUEST_SCOPE_DOWN_POLICY } from './guest-scope-down'
import { sessionTags } from './principal-tags'
import { roleTrustingIdentity } from './role-trust'

/** Cognito's credentials last an hour. */
const SESSION_SECONDS = 3600

/**
 * GetCredentialsForIdentity (the enhanced flow): resolves the identity with its logins (a guest
 * only without logins, in a pool that allows guests), chooses its role, checks that the role
 * exists and that its trust policy lets this identity pool's identities assume it with their
 * `aud` and `amr` (and, for a tagged session, `sts:TagSession`), and vends one-hour session
 * credentials for it: tagged with the principal tags of its logins, and, for a guest, within the
 * guest scope-down policy.
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
  const tags = sessionTags(identity.pool, identity.logins)
  const trusted = await roleTrustingIdentity(services, roleArn, {
    identityPoolId,
    identityId: identity.identityId,
    amr,
    ...(tags ? { tags } : {}),
  })
  if (!trusted) throw new InvalidIdentityPoolConfigurationException(INVALID_CONFIGURATION)
  // Sessions issued at or before the identity's revoked-before second are refused; one vended
  // after a revocation in that same second is dated the next one, so that it is not.
  const iat = Math.max(epochSeconds(services), (identity.revokedBefore ?? 0) + 1)
  const credentials = await vendSessionCredentials(services.sealer, {
    roleArn,
    identityId: identity.identityId,
    identityPoolId,
    amr,
    aud: identityPoolId,
    iat,
    exp: iat + SESSION_SECONDS,
    ...(tags ? { tags } : {}),
    // Guests are scoped down to the services Portcullis fronts, whatever their role allows.
    ...(identity.authenticated ? {} : { sessionPolicy: GUEST_SCOPE_DOWN_POLICY }),
  })
  return { IdentityId: identity.identityId, Credentials: credentials }
}
