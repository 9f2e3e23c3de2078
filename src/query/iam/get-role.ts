import { getRole as get } from '../../iam/roles/roles'
import type { QueryAction } from '../action'
import { roleOutput } from './outputs'
import * as shape from './shapes'

export const getRole: QueryAction = {
  async run(params, { services }) {
    return { Role: roleOutput(await get(services, params.string('RoleName', shape.roleName))) }
  },
}
