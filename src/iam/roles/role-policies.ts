import { parseArn } from '../arns'
import type { PolicyDocumentJson, RoleRecord } from '../model'
import { parsePolicyDocument } from '../policies/document'
import type { IamServices } from '../services'
import { cachedRead } from '../store/iam-cache'
import {
  findManagedPolicy,
  findPolicyVersion,
  listAttachedPolicies,
} from '../store/policies-repository'
import { findRole, listInlinePolicies } from '../store/roles-repository'

/** What a credential check needs of a role: the role, whom it trusts, and what it allows. */
export interface RolePolicies {
  role: RoleRecord
  trustPolicy: PolicyDocumentJson
  /** Its inline policies, then the default versions of its attached managed policies. */
  policies: PolicyDocumentJson[]
}

/** Inline policies fit one page; attachments are bounded by the per-role quota. */
const ALL = 1000

/**
 * The role an ARN names with its trust policy and every permission policy that applies to it, or
 * null when the ARN names no role of this account (or names it at another path). Cached per
 * isolate like every IAM read, so a policy edit reaches callers within the cache's short TTL.
 * This is the narrow read the credential vendor and the gateway use.
 */
export async function rolePolicies(
  services: IamServices,
  roleArn: string,
): Promise<RolePolicies | null> {
  const named = parseArn(roleArn, 'role')
  if (!named) return null
  return cachedRead(services, `role-policies|${roleArn}`, async () => {
    const role = await findRole(services, named.name)
    if (!role || role.Arn !== roleArn) return null
    const [inline, attached] = await Promise.all([
      listInlinePolicies(services, role.RoleName, { limit: ALL }),
      listAttachedPolicies(services, role.RoleName, { limit: ALL }),
    ])
    const managed = await Promise.all(
      attached.items.map(async (attachment) => {
        const policy = await findManagedPolicy(services, attachment.PolicyName)
        if (!policy) return null
        const version = await findPolicyVersion(
          services,
          policy.PolicyName,
          policy.DefaultVersionId,
        )
        return version?.Document ?? null
      }),
    )
    const texts = [
      ...inline.items.map((policy) => policy.PolicyDocument),
      ...managed.filter((text): text is string => text !== null),
    ]
    return {
      role,
      trustPolicy: parsePolicyDocument(role.AssumeRolePolicyDocument, 'trust'),
      policies: texts.map((text) => parsePolicyDocument(text, 'permissions')),
    }
  })
}
