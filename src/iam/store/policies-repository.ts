import type {
  AttachmentRecord,
  ManagedPolicyRecord,
  PolicyVersionRecord,
  RoleRecord,
} from '../model'
import type { IamServices } from '../services'
import { cachedRead, cachedRecord, invalidateIamCache } from './iam-cache'
import { iamKeys } from './keys'
import { listPage, type Page } from './pages'
import type { Outcome } from './roles-repository'

const done = { ok: true } as const
const refused = <R extends string>(refusal: R) => ({ ok: false, refusal }) as const

export function findManagedPolicy(
  services: IamServices,
  policyName: string,
): Promise<ManagedPolicyRecord | null> {
  return cachedRecord<ManagedPolicyRecord>(services, iamKeys.policy(policyName))
}

export function findPolicyVersion(
  services: IamServices,
  policyName: string,
  versionId: string,
): Promise<PolicyVersionRecord | null> {
  return cachedRecord<PolicyVersionRecord>(services, iamKeys.policyVersion(policyName, versionId))
}

/** How many roles a managed policy is attached to. */
export function attachmentCount(services: IamServices, policyName: string): Promise<number> {
  return cachedRead(services, `attachments|${iamKeys.policy(policyName)}`, () =>
    services.stores.iam().count(iamKeys.attachedToPrefix(policyName)),
  )
}

/** Creates a managed policy with its first version; false when the name (in any case) is taken. */
export async function insertManagedPolicy(
  services: IamServices,
  policy: ManagedPolicyRecord,
  version: PolicyVersionRecord,
): Promise<boolean> {
  const key = iamKeys.policy(policy.PolicyName)
  const result = await services.stores.iam().commit({
    expect: [{ key, version: 0 }],
    put: [
      { key, value: policy },
      { key: iamKeys.policyVersion(policy.PolicyName, version.VersionId), value: version },
    ],
  })
  invalidateIamCache(services)
  return result.ok
}

/**
 * Deletes a managed policy and its versions unless it is attached. Attaching rewrites the policy's
 * record, so the count read here still holds when the delete commits on the version read before.
 */
export async function deleteManagedPolicy(
  services: IamServices,
  policyName: string,
): Promise<Outcome<'no-policy' | 'attached' | 'conflict'>> {
  const store = services.stores.iam()
  const key = iamKeys.policy(policyName)
  const current = await store.get<ManagedPolicyRecord>(key)
  if (!current) return refused('no-policy')
  if ((await store.count(iamKeys.attachedToPrefix(policyName))) > 0) return refused('attached')
  const versions = await store.list(iamKeys.policyVersionPrefix(policyName))
  const result = await store.commit({
    expect: [{ key, version: current.version }],
    delete: [key, ...versions.records.map((record) => record.key)],
  })
  invalidateIamCache(services)
  return result.ok ? done : refused('conflict')
}

/**
 * Attaches a managed policy to a role (attaching it again changes nothing), at most `limit` per
 * role. Both records are rewritten on the versions read, so a delete of either in between loses.
 */
export async function attachPolicy(
  services: IamServices,
  roleName: string,
  policyName: string,
  limit: number,
): Promise<Outcome<'no-role' | 'no-policy' | 'limit' | 'conflict'>> {
  const store = services.stores.iam()
  const roleKey = iamKeys.role(roleName)
  const policyKey = iamKeys.policy(policyName)
  const attachedKey = iamKeys.attached(roleName, policyName)
  const [role, policy, attached] = await store.getMany<unknown>([roleKey, policyKey, attachedKey])
  if (!role) return refused('no-role')
  if (!policy) return refused('no-policy')
  if (attached) return done
  if ((await store.count(iamKeys.attachedPrefix(roleName))) >= limit) return refused('limit')
  const { PolicyName, Arn } = policy.value as ManagedPolicyRecord
  const attachment: AttachmentRecord = { PolicyName, PolicyArn: Arn }
  const result = await store.commit({
    expect: [
      { key: roleKey, version: role.version },
      { key: policyKey, version: policy.version },
      { key: attachedKey, version: 0 },
    ],
    put: [
      { key: roleKey, value: role.value as RoleRecord },
      { key: policyKey, value: policy.value as ManagedPolicyRecord },
      { key: attachedKey, value: attachment },
      {
        key: iamKeys.attachedTo(policyName, roleName),
        value: { RoleName: (role.value as RoleRecord).RoleName },
      },
    ],
  })
  invalidateIamCache(services)
  return result.ok ? done : refused('conflict')
}

export async function detachPolicy(
  services: IamServices,
  roleName: string,
  policyName: string,
): Promise<Outcome<'no-role' | 'not-attached' | 'conflict'>> {
  const store = services.stores.iam()
  const roleKey = iamKeys.role(roleName)
  const attachedKey = iamKeys.attached(roleName, policyName)
  const [role, attached] = await store.getMany([roleKey, attachedKey])
  if (!role) return refused('no-role')
  if (!attached) return refused('not-attached')
  const result = await store.commit({
    expect: [{ key: attachedKey, version: attached.version }],
    delete: [attachedKey, iamKeys.attachedTo(policyName, roleName)],
  })
  invalidateIamCache(services)
  return result.ok ? done : refused('conflict')
}

/** The managed policies attached to a role, in name order, those `keep` accepts. */
export function listAttachedPolicies(
  services: IamServices,
  roleName: string,
  options: { after?: string; limit: number; keep?: (attachment: AttachmentRecord) => boolean },
): Promise<Page<AttachmentRecord>> {
  return listPage<AttachmentRecord>(services.stores.iam(), iamKeys.attachedPrefix(roleName), {
    ...options,
    ...(options.after !== undefined ? { after: iamKeys.attached(roleName, options.after) } : {}),
  })
}
