import { updateAssumeRolePolicy as update } from '../../iam/roles/roles'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const updateAssumeRolePolicy: QueryAction = {
  async run(params, { services }) {
    const roleName = params.string('RoleName', shape.roleName)
    await update(services, roleName, params.string('PolicyDocument', shape.policyDocument))
    return undefined
  },
}
