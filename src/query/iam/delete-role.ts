import { deleteRole as remove } from '../../iam/roles/roles'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const deleteRole: QueryAction = {
  async run(params, { services }) {
    await remove(services, params.string('RoleName', shape.roleName))
    return undefined
  },
}
