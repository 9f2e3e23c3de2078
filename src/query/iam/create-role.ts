import { createRole as create } from '../../iam/roles/roles'
import type { QueryAction } from '../action'
import { roleOutput } from './outputs'
import * as shape from './shapes'

export const createRole: QueryAction = {
  async run(params, { services }) {
    const path = params.string('Path', shape.path)
    const description = params.string('Description', shape.roleDescription)
    const duration = params.integer('MaxSessionDuration', shape.maxSessionDuration)
    const tags = shape.tags(params)
    params.string('PermissionsBoundary', { min: 20, max: 2048 })
    const role = await create(services, {
      RoleName: params.string('RoleName', shape.roleName),
      AssumeRolePolicyDocument: params.string('AssumeRolePolicyDocument', shape.policyDocument),
      ...(path !== undefined ? { Path: path } : {}),
      ...(description !== undefined ? { Description: description } : {}),
      ...(duration !== undefined ? { MaxSessionDuration: duration } : {}),
      ...(tags ? { Tags: tags } : {}),
    })
    return { Role: roleOutput(role) }
  },
}
