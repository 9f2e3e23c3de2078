import { ConcurrentModification, NoSuchEntity } from '../../errors/iam'
import type { InlinePolicyRecord } from '../model'
import { checkSize, documentText, parsePolicyDocument } from '../policies/document'
import type { IamServices } from '../services'
import * as repository from '../store/roles-repository'
import { getRole, noSuchRole } from './roles'

/** The aggregate size of a role's inline policies IAM allows, whitespace not counted. */
const INLINE_POLICY_LIMIT = 10_240

/** PutRolePolicy: adds an inline policy to a role, or replaces the one of that name. */
export async function putRolePolicy(
  services: IamServices,
  input: { RoleName: string; PolicyName: string; PolicyDocument: string },
): Promise<void> {
  const text = documentText(input.PolicyDocument)
  checkSize(
    text,
    INLINE_POLICY_LIMIT,
    `Maximum policy size of ${INLINE_POLICY_LIMIT} bytes exceeded for role ${input.RoleName}`,
  )
  parsePolicyDocument(text, 'permissions')
  const outcome = await repository.putInlinePolicy(services, {
    RoleName: input.RoleName,
    PolicyName: input.PolicyName,
    PolicyDocument: text,
  })
  if (outcome.ok) return
  if (outcome.refusal === 'no-role') throw noSuchRole(input.RoleName)
  throw new ConcurrentModification()
}

export async function getRolePolicy(
  services: IamServices,
  roleName: string,
  policyName: string,
): Promise<InlinePolicyRecord> {
  const role = await getRole(services, roleName)
  const policy = await repository.findInlinePolicy(services, roleName, policyName)
  if (!policy)
    throw new NoSuchEntity(
      `The role policy with name ${policyName} cannot be found for role ${role.RoleName}.`,
    )
  return policy
}

export async function deleteRolePolicy(
  services: IamServices,
  roleName: string,
  policyName: string,
): Promise<void> {
  const outcome = await repository.deleteInlinePolicy(services, roleName, policyName)
  if (outcome.ok) return
  if (outcome.refusal === 'no-role') throw noSuchRole(roleName)
  if (outcome.refusal === 'no-policy')
    throw new NoSuchEntity(`The role policy with name ${policyName} cannot be found.`)
  throw new ConcurrentModification()
}

export async function listRolePolicies(
  services: IamServices,
  roleName: string,
  options: { marker?: string; maxItems?: number },
): Promise<{ policyNames: string[]; marker?: string }> {
  await getRole(services, roleName)
  const page = await repository.listInlinePolicies(services, roleName, {
    limit: options.maxItems ?? 100,
    ...(options.marker !== undefined ? { after: options.marker } : {}),
  })
  const last = page.items.at(-1)
  return {
    policyNames: page.items.map((policy) => policy.PolicyName),
    ...(page.lastKey && last ? { marker: last.PolicyName.toLowerCase() } : {}),
  }
}
