import { detachRolePolicy as detach } from '../../iam/policies/attachments'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const detachRolePolicy: QueryAction = {
  async run(params, { services }) {
    const roleName = params.string('RoleName', shape.roleName)
    await detach(services, roleName, params.string('PolicyArn', shape.arn))
    return undefined
  },
}
