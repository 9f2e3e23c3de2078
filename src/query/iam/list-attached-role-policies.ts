import { listAttachedRolePolicies as list } from '../../iam/policies/attachments'
import type { QueryAction } from '../action'
import { pageOutput } from './outputs'
import * as shape from './shapes'

export const listAttachedRolePolicies: QueryAction = {
  async run(params, { services }) {
    const roleName = params.string('RoleName', shape.roleName)
    const pathPrefix = params.string('PathPrefix', shape.policyPath)
    const page = await list(services, roleName, {
      ...shape.paging(params),
      ...(pathPrefix !== undefined ? { pathPrefix } : {}),
    })
    return {
      AttachedPolicies: page.attached.map((a) => ({
        PolicyName: a.PolicyName,
        PolicyArn: a.PolicyArn,
      })),
      ...pageOutput(page.marker),
    }
  },
}
