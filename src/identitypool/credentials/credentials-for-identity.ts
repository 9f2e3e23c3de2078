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
import { GUEST_SCOPE_DOWN_POLICY } from './guest-scope-down'
import { sessionTags } from './principal-tags'

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

/** The condition keys of a TagSession request: each tag as `aws:RequestTag/{key}`, and the keys. */
function tagContext(tags: Record<string, string>): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = { 'aws:TagKeys': Object.keys(tags) }
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value
  return context
}

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
  const amr = identity.authenticated
    ? ['authenticated', ...identity.logins.map((login) => login.provider)]
    : ['unauthenticated']
  const tags = sessionTags(identity.pool, identity.logins)
  const role = await rolePolicies(services, roleArn)
  const trust = role ? readTrust(role.trustPolicy) : null
  const identityKeys = {
    [`${COGNITO_IDENTITY}:aud`]: identityPoolId,
    [`${COGNITO_IDENTITY}:amr`]: amr,
  }
  const allows = (action: string, extra: Record<string, string | string[]> = {}) =>
    trust !== null &&
    evaluateTrust(trust, {
      principal: { Federated: COGNITO_IDENTITY },
      action,
      context: { ...identityKeys, ...extra },
    }).decision === 'Allow'
  // Tagging a session is an action of its own, which the trust policy must allow too (as STS asks).
  const trusted =
    allows('sts:AssumeRoleWithWebIdentity') && (!tags || allows('sts:TagSession', tagContext(tags)))
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
