import {
  ConcurrentModification,
  DeleteConflict,
  EntityAlreadyExists,
  NoSuchEntity,
} from '../../errors/iam'
import { newPolicyId, policyArn, requirePolicyArn } from '../arns'
import type { ManagedPolicyRecord, ManagedPolicyView, PolicyVersionRecord, Tag } from '../model'
import type { IamServices } from '../services'
import * as repository from '../store/policies-repository'
import { checkSize, documentText, parsePolicyDocument } from './document'

/** A managed policy's quota (PolicySize), whitespace not counted. */
const MANAGED_POLICY_LIMIT = 6144
const FIRST_VERSION = 'v1'

export interface NewPolicy {
  PolicyName: string
  Path?: string
  PolicyDocument: string
  Description?: string
  Tags?: Tag[]
}

export async function createPolicy(
  services: IamServices,
  input: NewPolicy,
): Promise<ManagedPolicyView> {
  const text = documentText(input.PolicyDocument)
  checkSize(
    text,
    MANAGED_POLICY_LIMIT,
    `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_LIMIT}`,
  )
  parsePolicyDocument(text, 'permissions')
  const path = input.Path ?? '/'
  const now = services.now()
  const policy: ManagedPolicyRecord = {
    PolicyName: input.PolicyName,
    PolicyId: newPolicyId(),
    Path: path,
    Arn: policyArn(path, input.PolicyName),
    DefaultVersionId: FIRST_VERSION,
    CreateDate: now,
    UpdateDate: now,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    ...(input.Tags?.length ? { Tags: input.Tags } : {}),
  }
  const version: PolicyVersionRecord = { Document: text, VersionId: FIRST_VERSION, CreateDate: now }
  if (!(await repository.insertManagedPolicy(services, policy, version)))
    throw new EntityAlreadyExists(
      `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`,
    )
  return { ...policy, AttachmentCount: 0 }
}

/** The managed policy an ARN names: the name decides, and the path must match too. */
export async function requirePolicy(
  services: IamServices,
  arn: string,
): Promise<ManagedPolicyRecord> {
  const { name } = requirePolicyArn(arn)
  const policy = await repository.findManagedPolicy(services, name)
  if (!policy || policy.Arn !== arn)
    throw new NoSuchEntity(`Policy ${arn.slice(0, 2048)} does not exist or is not attachable.`)
  return policy
}

export async function getPolicy(services: IamServices, arn: string): Promise<ManagedPolicyView> {
  const policy = await requirePolicy(services, arn)
  return {
    ...policy,
    AttachmentCount: await repository.attachmentCount(services, policy.PolicyName),
  }
}

export async function getPolicyVersion(
  services: IamServices,
  arn: string,
  versionId: string,
): Promise<PolicyVersionRecord & { IsDefaultVersion: boolean }> {
  const policy = await requirePolicy(services, arn)
  const version = await repository.findPolicyVersion(services, policy.PolicyName, versionId)
  if (!version)
    throw new NoSuchEntity(
      `Policy ${arn} version ${versionId} does not exist or is not attachable.`,
    )
  return { ...version, IsDefaultVersion: version.VersionId === policy.DefaultVersionId }
}

export async function deletePolicy(services: IamServices, arn: string): Promise<void> {
  const policy = await requirePolicy(services, arn)
  const outcome = await repository.deleteManagedPolicy(services, policy.PolicyName)
  if (outcome.ok) return
  switch (outcome.refusal) {
    case 'no-policy':
      throw new NoSuchEntity(`Policy ${arn} was not found.`)
    case 'attached':
      throw new DeleteConflict('Cannot delete a policy attached to entities.')
    case 'conflict':
      throw new ConcurrentModification()
  }
}
