import { listRolePolicies as list } from '../../iam/roles/inline-policies'
import type { QueryAction } from '../action'
import { pageOutput } from './outputs'
import * as shape from './shapes'

export const listRolePolicies: QueryAction = {
  async run(params, { services }) {
    const roleName = params.string('RoleName', shape.roleName)
    const page = await list(services, roleName, shape.paging(params))
    return { PolicyNames: page.policyNames, ...pageOutput(page.marker) }
  },
}
