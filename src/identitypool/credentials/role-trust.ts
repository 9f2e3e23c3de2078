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

/**
 * The role `roleArn` names when its trust policy, as it is now, lets an identity of an identity
 * pool assume it: `sts:AssumeRoleWithWebIdentity` by the `Federated` principal
 * `cognito-identity.amazonaws.com`, with the identity's `aud` (its pool), `amr` and `sub` as the
 * condition keys. Null when there is no such role or it does not trust this identity. The one
 * trust check of both flows (GetCredentialsForIdentity and STS's AssumeRoleWithWebIdentity).
 */
export async function roleTrustingIdentity(
  services: IamServices,
  roleArn: string,
  identity: { identityPoolId: string; identityId: string; amr: string[] },
): Promise<RolePolicies | null> {
  const role = await rolePolicies(services, roleArn)
  const trust = role ? readTrust(role.trustPolicy) : null
  if (!role || !trust) return null
  const decision = evaluateTrust(trust, {
    principal: { Federated: COGNITO_IDENTITY },
    action: 'sts:AssumeRoleWithWebIdentity',
    context: {
      [`${COGNITO_IDENTITY}:aud`]: identity.identityPoolId,
      [`${COGNITO_IDENTITY}:amr`]: identity.amr,
      [`${COGNITO_IDENTITY}:sub`]: identity.identityId,
    },
  }).decision
  return decision === 'Allow' ? role : null
}
