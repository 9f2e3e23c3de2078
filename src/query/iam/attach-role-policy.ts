import { attachRolePolicy as attach } from '../../iam/policies/attachments'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const attachRolePolicy: QueryAction = {
  async run(params, { services }) {
    const roleName = params.string('RoleName', shape.roleName)
    await attach(services, roleName, params.string('PolicyArn', shape.arn))
    return undefined
  },
}
