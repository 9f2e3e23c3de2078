import { ConcurrentModification, LimitExceeded, NoSuchEntity } from '../../errors/iam'
import type { AttachmentRecord } from '../model'
import { getRole, noSuchRole } from '../roles/roles'
import type { IamServices } from '../services'
import * as repository from '../store/policies-repository'
import { requirePolicy } from './managed-policies'

/** Managed policies one role may have attached (IAM's default quota). */
const POLICIES_PER_ROLE = 10

export async function attachRolePolicy(
  services: IamServices,
  roleName: string,
  arn: string,
): Promise<void> {
  const policy = await requirePolicy(services, arn)
  const outcome = await repository.attachPolicy(
    services,
    roleName,
    policy.PolicyName,
    POLICIES_PER_ROLE,
  )
  if (outcome.ok) return
  switch (outcome.refusal) {
    case 'no-role':
      throw noSuchRole(roleName)
    case 'no-policy':
      throw new NoSuchEntity(`Policy ${arn} does not exist or is not attachable.`)
    case 'limit':
      throw new LimitExceeded(`Cannot exceed quota for PoliciesPerRole: ${POLICIES_PER_ROLE}`)
    case 'conflict':
      throw new ConcurrentModification()
  }
}

export async function detachRolePolicy(
  services: IamServices,
  roleName: string,
  arn: string,
): Promise<void> {
  const policy = await requirePolicy(services, arn)
  const outcome = await repository.detachPolicy(services, roleName, policy.PolicyName)
  if (outcome.ok) return
  if (outcome.refusal === 'no-role') throw noSuchRole(roleName)
  if (outcome.refusal === 'not-attached') throw new NoSuchEntity(`Policy ${arn} was not found.`)
  throw new ConcurrentModification()
}

export async function listAttachedRolePolicies(
  services: IamServices,
  roleName: string,
  options: { pathPrefix?: string; marker?: string; maxItems?: number },
): Promise<{ attached: AttachmentRecord[]; marker?: string }> {
  await getRole(services, roleName)
  const { pathPrefix } = options
  const page = await repository.listAttachedPolicies(services, roleName, {
    limit: options.maxItems ?? 100,
    ...(options.marker !== undefined ? { after: options.marker } : {}),
    ...(pathPrefix !== undefined
      ? { keep: (attachment) => attachmentPath(attachment).startsWith(pathPrefix) }
      : {}),
  })
  const last = page.items.at(-1)
  return {
    attached: page.items,
    ...(page.lastKey && last ? { marker: last.PolicyName.toLowerCase() } : {}),
  }
}

/** The path inside a managed policy's ARN (`arn:aws:iam::…:policy/path/name` → `/path/`). */
const attachmentPath = (attachment: AttachmentRecord): string => {
  const resource = attachment.PolicyArn.slice(attachment.PolicyArn.indexOf(':policy') + 7)
  return resource.slice(0, resource.lastIndexOf('/') + 1)
}
