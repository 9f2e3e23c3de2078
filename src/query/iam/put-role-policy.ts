import { putRolePolicy as put } from '../../iam/roles/inline-policies'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const putRolePolicy: QueryAction = {
  async run(params, { services }) {
    await put(services, {
      RoleName: params.string('RoleName', shape.roleName),
      PolicyName: params.string('PolicyName', shape.policyName),
      PolicyDocument: params.string('PolicyDocument', shape.policyDocument),
    })
    return undefined
  },
}
