import {
  InvalidIdentityPoolConfigurationException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import { evaluateTrust, parsePolicyDocument, type PolicyDocument } from '../../iam/policy'
import { rolePolicies } from '../../iam/roles/role-policies'
import {
  type SessionCredentials,
  vendSessionCredentials,
} from '../../iam/sessions/session-credentials'
import { epochSeconds } from '../../userpool/services'
import { resolveIdentity } from '../identities/resolve-identity'
import type { LoginContext } from '../logins/verify-logins'
import { identityPoolOf } from '../store/identity-repository'
import { chooseRole, INVALID_CONFIGURATION } from './choose-role'

/** Cognito's credentials last an hour. */
const SESSION_SECONDS = 3600
const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com'

function readTrust(document: unknown): PolicyDocument | null {
  try {
    return parsePolicyDocument(document, 'trust')
  } catch {
    return null
  }
}

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
  const amr = identity.authenticated
    ? ['authenticated', ...identity.logins.map((login) => login.provider)]
    : ['unauthenticated']
  const role = await rolePolicies(services, roleArn)
  const trust = role ? readTrust(role.trustPolicy) : null
  const trusted =
    trust !== null &&
    evaluateTrust(trust, {
      principal: { Federated: COGNITO_IDENTITY },
      action: 'sts:AssumeRoleWithWebIdentity',
      context: { [`${COGNITO_IDENTITY}:aud`]: identityPoolId, [`${COGNITO_IDENTITY}:amr`]: amr },
    }).decision === 'Allow'
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
  })
  return { IdentityId: identity.identityId, Credentials: credentials }
}
