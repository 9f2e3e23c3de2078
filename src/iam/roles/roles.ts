import {
  ConcurrentModification,
  DeleteConflict,
  EntityAlreadyExists,
  NoSuchEntity,
} from '../../errors/iam'
import { newRoleId, roleArn } from '../arns'
import type { RoleRecord, Tag } from '../model'
import { checkSize, documentText, parsePolicyDocument } from '../policies/document'
import type { IamServices } from '../services'
import * as repository from '../store/roles-repository'

/** A trust policy's quota (ACLSizePerRole), whitespace not counted. */
const TRUST_POLICY_LIMIT = 2048
const DEFAULT_MAX_SESSION_DURATION = 3600

export interface NewRole {
  RoleName: string
  Path?: string
  AssumeRolePolicyDocument: string
  Description?: string
  MaxSessionDuration?: number
  Tags?: Tag[]
}

/** Checks a trust policy and answers its text as kept. */
function trustPolicyText(sent: string): string {
  const text = documentText(sent)
  checkSize(
    text,
    TRUST_POLICY_LIMIT,
    `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_LIMIT}`,
  )
  parsePolicyDocument(text, 'trust')
  return text
}

export const noSuchRole = (roleName: string): NoSuchEntity =>
  new NoSuchEntity(`The role with name ${roleName} cannot be found.`)

export async function createRole(services: IamServices, input: NewRole): Promise<RoleRecord> {
  const path = input.Path ?? '/'
  const role: RoleRecord = {
    RoleName: input.RoleName,
    RoleId: newRoleId(),
    Path: path,
    Arn: roleArn(path, input.RoleName),
    CreateDate: services.now(),
    AssumeRolePolicyDocument: trustPolicyText(input.AssumeRolePolicyDocument),
    MaxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    ...(input.Tags?.length ? { Tags: input.Tags } : {}),
  }
  if (!(await repository.insertRole(services, role)))
    throw new EntityAlreadyExists(`Role with name ${input.RoleName} already exists.`)
  return role
}

export async function getRole(services: IamServices, roleName: string): Promise<RoleRecord> {
  const role = await repository.findRole(services, roleName)
  if (!role) throw noSuchRole(roleName)
  return role
}

export interface ListedRoles {
  roles: RoleRecord[]
  /** Where the next page starts, when there is one. */
  marker?: string
}

export async function listRoles(
  services: IamServices,
  options: { pathPrefix?: string; marker?: string; maxItems?: number },
): Promise<ListedRoles> {
  const { pathPrefix } = options
  const page = await repository.listRoles(services, {
    limit: options.maxItems ?? 100,
    ...(options.marker !== undefined ? { after: options.marker } : {}),
    ...(pathPrefix !== undefined ? { keep: (role) => role.Path.startsWith(pathPrefix) } : {}),
  })
  const last = page.items.at(-1)
  return {
    roles: page.items,
    ...(page.lastKey && last ? { marker: last.RoleName.toLowerCase() } : {}),
  }
}

export async function deleteRole(services: IamServices, roleName: string): Promise<void> {
  const outcome = await repository.deleteRole(services, roleName)
  if (outcome.ok) return
  switch (outcome.refusal) {
    case 'no-role':
      throw noSuchRole(roleName)
    case 'has-inline':
      throw new DeleteConflict('Cannot delete entity, must delete policies first.')
    case 'has-attached':
      throw new DeleteConflict('Cannot delete entity, must detach all policies first.')
    case 'conflict':
      throw new ConcurrentModification()
  }
}

export async function updateAssumeRolePolicy(
  services: IamServices,
  roleName: string,
  document: string,
): Promise<void> {
  const text = trustPolicyText(document)
  const outcome = await repository.updateRole(services, roleName, (role) => ({
    ...role,
    AssumeRolePolicyDocument: text,
  }))
  if (outcome.ok) return
  if (outcome.refusal === 'no-role') throw noSuchRole(roleName)
  throw new ConcurrentModification()
}
