import type { QueryService } from '../action'
import { addClientIdToOpenIdConnectProvider } from './add-client-id-to-open-id-connect-provider'
import { attachRolePolicy } from './attach-role-policy'
import { createOpenIdConnectProvider } from './create-open-id-connect-provider'
import { createPolicy } from './create-policy'
import { createRole } from './create-role'
import { deleteOpenIdConnectProvider } from './delete-open-id-connect-provider'
import { deletePolicy } from './delete-policy'
import { deleteRole } from './delete-role'
import { deleteRolePolicy } from './delete-role-policy'
import { detachRolePolicy } from './detach-role-policy'
import { getOpenIdConnectProvider } from './get-open-id-connect-provider'
import { getPolicy } from './get-policy'
import { getPolicyVersion } from './get-policy-version'
import { getRole } from './get-role'
import { getRolePolicy } from './get-role-policy'
import { listAttachedRolePolicies } from './list-attached-role-policies'
import { listOpenIdConnectProviders } from './list-open-id-connect-providers'
import { listRolePolicies } from './list-role-policies'
import { listRoles } from './list-roles'
import { putRolePolicy } from './put-role-policy'
import { removeClientIdFromOpenIdConnectProvider } from './remove-client-id-from-open-id-connect-provider'
import { updateAssumeRolePolicy } from './update-assume-role-policy'

/** IAM's subset: roles, their inline policies, managed policies, attachments and OIDC providers. */
export const iamService: QueryService = {
  version: '2010-05-08',
  namespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  signingName: 'iam',
  actions: {
    AddClientIDToOpenIDConnectProvider: addClientIdToOpenIdConnectProvider,
    AttachRolePolicy: attachRolePolicy,
    CreateOpenIDConnectProvider: createOpenIdConnectProvider,
    CreatePolicy: createPolicy,
    CreateRole: createRole,
    DeleteOpenIDConnectProvider: deleteOpenIdConnectProvider,
    DeletePolicy: deletePolicy,
    DeleteRole: deleteRole,
    DeleteRolePolicy: deleteRolePolicy,
    DetachRolePolicy: detachRolePolicy,
    GetOpenIDConnectProvider: getOpenIdConnectProvider,
    GetPolicy: getPolicy,
    GetPolicyVersion: getPolicyVersion,
    GetRole: getRole,
    GetRolePolicy: getRolePolicy,
    ListAttachedRolePolicies: listAttachedRolePolicies,
    ListOpenIDConnectProviders: listOpenIdConnectProviders,
    ListRolePolicies: listRolePolicies,
    ListRoles: listRoles,
    PutRolePolicy: putRolePolicy,
    RemoveClientIDFromOpenIDConnectProvider: removeClientIdFromOpenIdConnectProvider,
    UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  },
}
