import { evaluateTrust, parsePolicyDocument, type PolicyDocument } from '../../iam/policy'
import { type RolePolicies, rolePolicies } from '../../iam/roles/role-policies'
import type { IamServices } from '../../iam/services'
import { COGNITO_IDENTITY } from '../openid/token-key'

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
 * The role `roleArn` names when its trust policy, as it is now, lets an identity of an identity
 * pool assume it: `sts:AssumeRoleWithWebIdentity` by the `Federated` principal
 * `cognito-identity.amazonaws.com`, with the identity's `aud` (its pool), `amr` and `sub` as the
 * condition keys. A session with tags must also be trusted with `sts:TagSession`, as STS asks.
 * Null when there is no such role or it does not trust this identity. The one trust check of both
 * flows (GetCredentialsForIdentity and STS's AssumeRoleWithWebIdentity).
 */
export async function roleTrustingIdentity(
  services: IamServices,
  roleArn: string,
  identity: {
    identityPoolId: string
    identityId: string
    amr: string[]
    tags?: Record<string, string>
  },
): Promise<RolePolicies | null> {
  const role = await rolePolicies(services, roleArn)
  const trust = role ? readTrust(role.trustPolicy) : null
  if (!role || !trust) return null
  const identityKeys = {
    [`${COGNITO_IDENTITY}:aud`]: identity.identityPoolId,
    [`${COGNITO_IDENTITY}:amr`]: identity.amr,
    [`${COGNITO_IDENTITY}:sub`]: identity.identityId,
  }
  const allows = (action: string, extra: Record<string, string | string[]> = {}) =>
    evaluateTrust(trust, {
      principal: { Federated: COGNITO_IDENTITY },
      action,
      context: { ...identityKeys, ...extra },
    }).decision === 'Allow'
  const trusted =
    allows('sts:AssumeRoleWithWebIdentity') &&
    (!identity.tags || allows('sts:TagSession', tagContext(identity.tags)))
  return trusted ? role : null
}
