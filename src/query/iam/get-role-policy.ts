import { getRolePolicy as get } from '../../iam/roles/inline-policies'
import type { QueryAction } from '../action'
import { encodedDocument } from './outputs'
import * as shape from './shapes'

export const getRolePolicy: QueryAction = {
  async run(params, { services }) {
    const roleName = params.string('RoleName', shape.roleName)
    const policy = await get(services, roleName, params.string('PolicyName', shape.policyName))
    return {
      RoleName: policy.RoleName,
      PolicyName: policy.PolicyName,
      PolicyDocument: encodedDocument(policy.PolicyDocument),
    }
  },
}
