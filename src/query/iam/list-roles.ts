import { listRoles as list } from '../../iam/roles/roles'
import type { QueryAction } from '../action'
import { pageOutput, roleOutput } from './outputs'
import * as shape from './shapes'

export const listRoles: QueryAction = {
  async run(params, { services }) {
    const pathPrefix = params.string('PathPrefix', shape.pathPrefix)
    const page = await list(services, {
      ...shape.paging(params),
      ...(pathPrefix !== undefined ? { pathPrefix } : {}),
    })
    return { Roles: page.roles.map(roleOutput), ...pageOutput(page.marker) }
  },
}
