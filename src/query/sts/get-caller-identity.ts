import { InvalidClientTokenId, ServiceFailure } from '../../errors/iam'
import { assumedRoleArn, ENHANCED_FLOW_SESSION_NAME } from '../../iam/arns'
import { ACCOUNT_ID } from '../../iam/model'
import { rolePolicies } from '../../iam/roles/role-policies'
import type { QueryAction } from '../action'

/**
 * GetCallerIdentity: who signed the request. An admin key pair is the account itself (its root);
 * a role session is its assumed-role ARN, with `{RoleId}:{session name}` as its user id. A
 * session whose role was deleted since is no caller at all.
 */
export const getCallerIdentity: QueryAction = {
  auth: 'caller',
  async run(_params, { services, caller }) {
    if (!caller) throw new ServiceFailure('GetCallerIdentity ran without a verified caller')
    if (caller.kind === 'admin')
      return { UserId: ACCOUNT_ID, Account: ACCOUNT_ID, Arn: `arn:aws:iam::${ACCOUNT_ID}:root` }
    const role = await rolePolicies(services, caller.session.roleArn)
    if (!role) throw new InvalidClientTokenId()
    const sessionName = caller.session.sessionName ?? ENHANCED_FLOW_SESSION_NAME
    return {
      UserId: `${role.role.RoleId}:${sessionName}`,
      Account: ACCOUNT_ID,
      Arn: assumedRoleArn(role.role.RoleName, sessionName),
    }
  },
}
