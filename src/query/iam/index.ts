import type { QueryService } from '../action'
import { attachRolePolicy } from './attach-role-policy'
import { createPolicy } from './create-policy'
import { createRole } from './create-role'
import { deletePolicy } from './delete-policy'
import { deleteRole } from './delete-role'
import { deleteRolePolicy } from './delete-role-policy'
import { detachRolePolicy } from './detach-role-policy'
import { getPolicy } from './get-policy'
import { getPolicyVersion } from './get-policy-version'
import { getRole } from './get-role'
import { getRolePolicy } from './get-role-policy'
import { listAttachedRolePolicies } from './list-attached-role-policies'
import { listRolePolicies } from './list-role-policies'
import { listRoles } from './list-roles'
import { putRolePolicy } from './put-role-policy'
import { updateAssumeRolePolicy } from './update-assume-role-policy'

/** IAM's subset: roles, their inline policies, managed policies and attachments. */
export const iamService: QueryService = {
  version: '2010-05-08',
  namespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  signingName: 'iam',
  actions: {
    AttachRolePolicy: attachRolePolicy,
    CreatePolicy: createPolicy,
    CreateRole: createRole,
    DeletePolicy: deletePolicy,
    DeleteRole: deleteRole,
    DeleteRolePolicy: deleteRolePolicy,
    DetachRolePolicy: detachRolePolicy,
    GetPolicy: getPolicy,
    GetPolicyVersion: getPolicyVersion,
    GetRole: getRole,
    GetRolePolicy: getRolePolicy,
    ListAttachedRolePolicies: listAttachedRolePolicies,
    ListRolePolicies: listRolePolicies,
    ListRoles: listRoles,
    PutRolePolicy: putRolePolicy,
    UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  },
}
