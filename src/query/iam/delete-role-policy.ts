import { deleteRolePolicy as remove } from '../../iam/roles/inline-policies'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const deleteRolePolicy: QueryAction = {
  async run(params, { services }) {
    const roleName = params.string('RoleName', shape.roleName)
    await remove(services, roleName, params.string('PolicyName', shape.policyName))
    return undefined
  },
}
