import type { InlinePolicyRecord, RoleRecord } from '../model'
import type { IamServices } from '../services'
import { cachedRecord, invalidateIamCache } from './iam-cache'
import { iamKeys } from './keys'
import { listPage, type Page } from './pages'

/** Why a write did not happen; the domain says it in IAM's words. */
export type RoleWriteRefusal = 'no-role' | 'conflict'

export type Outcome<Refusal extends string> = { ok: true } | { ok: false; refusal: Refusal }

const done = { ok: true } as const
const refused = <R extends string>(refusal: R) => ({ ok: false, refusal }) as const

export function findRole(services: IamServices, roleName: string): Promise<RoleRecord | null> {
  return cachedRecord<RoleRecord>(services, iamKeys.role(roleName))
}

/** Creates a role; false when one of that name (in any case) exists. */
export async function insertRole(services: IamServices, role: RoleRecord): Promise<boolean> {
  const key = iamKeys.role(role.RoleName)
  const result = await services.stores
    .iam()
    .commit({ expect: [{ key, version: 0 }], put: [{ key, value: role }] })
  invalidateIamCache(services)
  return result.ok
}

/** Replaces a role by what `change` makes of its current record, if nobody wrote it meanwhile. */
export async function updateRole(
  services: IamServices,
  roleName: string,
  change: (role: RoleRecord) => RoleRecord,
): Promise<Outcome<RoleWriteRefusal>> {
  const store = services.stores.iam()
  const key = iamKeys.role(roleName)
  const current = await store.get<RoleRecord>(key)
  if (!current) return refused('no-role')
  const result = await store.commit({
    expect: [{ key, version: current.version }],
    put: [{ key, value: change(current.value) }],
  })
  invalidateIamCache(services)
  return result.ok ? done : refused('conflict')
}

/**
 * Deletes a role that has no inline and no attached policy. Every policy write on a role rewrites
 * the role's record too, so the counts read here still hold when the delete commits on the version
 * read before them: a policy put in between makes the delete a conflict, never an orphan.
 */
export async function deleteRole(
  services: IamServices,
  roleName: string,
): Promise<Outcome<'no-role' | 'has-inline' | 'has-attached' | 'conflict'>> {
  const store = services.stores.iam()
  const key = iamKeys.role(roleName)
  const current = await store.get<RoleRecord>(key)
  if (!current) return refused('no-role')
  if ((await store.count(iamKeys.inlinePolicyPrefix(roleName))) > 0) return refused('has-inline')
  if ((await store.count(iamKeys.attachedPrefix(roleName))) > 0) return refused('has-attached')
  const result = await store.commit({ expect: [{ key, version: current.version }], delete: [key] })
  invalidateIamCache(services)
  return result.ok ? done : refused('conflict')
}

/** Roles in name order after the role named `after`, those `keep` accepts. */
export async function listRoles(
  services: IamServices,
  options: { after?: string; limit: number; keep?: (role: RoleRecord) => boolean },
): Promise<Page<RoleRecord>> {
  return listPage<RoleRecord>(services.stores.iam(), iamKeys.rolePrefix, {
    ...options,
    ...(options.after !== undefined ? { after: iamKeys.role(options.after) } : {}),
  })
}

export function findInlinePolicy(
  services: IamServices,
  roleName: string,
  policyName: string,
): Promise<InlinePolicyRecord | null> {
  return cachedRecord<InlinePolicyRecord>(services, iamKeys.inlinePolicy(roleName, policyName))
}

/** Adds or replaces an inline policy of an existing role. */
export async function putInlinePolicy(
  services: IamServices,
  policy: InlinePolicyRecord,
): Promise<Outcome<RoleWriteRefusal>> {
  const store = services.stores.iam()
  const roleKey = iamKeys.role(policy.RoleName)
  const role = await store.get<RoleRecord>(roleKey)
  if (!role) return refused('no-role')
  const stored: InlinePolicyRecord = { ...policy, RoleName: role.value.RoleName }
  const result = await store.commit({
    expect: [{ key: roleKey, version: role.version }],
    put: [
      { key: roleKey, value: role.value },
      { key: iamKeys.inlinePolicy(policy.RoleName, policy.PolicyName), value: stored },
    ],
  })
  invalidateIamCache(services)
  return result.ok ? done : refused('conflict')
}

export async function deleteInlinePolicy(
  services: IamServices,
  roleName: string,
  policyName: string,
): Promise<Outcome<'no-role' | 'no-policy' | 'conflict'>> {
  const store = services.stores.iam()
  const roleKey = iamKeys.role(roleName)
  const key = iamKeys.inlinePolicy(roleName, policyName)
  const [role, policy] = await store.getMany([roleKey, key])
  if (!role) return refused('no-role')
  if (!policy) return refused('no-policy')
  const result = await store.commit({ expect: [{ key, version: policy.version }], delete: [key] })
  invalidateIamCache(services)
  return result.ok ? done : refused('conflict')
}

/** A role's inline policies in name order (the role is checked by the caller). */
export function listInlinePolicies(
  services: IamServices,
  roleName: string,
  options: { after?: string; limit: number },
): Promise<Page<InlinePolicyRecord>> {
  return listPage<InlinePolicyRecord>(services.stores.iam(), iamKeys.inlinePolicyPrefix(roleName), {
    limit: options.limit,
    ...(options.after !== undefined
      ? { after: iamKeys.inlinePolicy(roleName, options.after) }
      : {}),
  })
}
