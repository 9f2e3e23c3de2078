import { deletePolicy as remove } from '../../iam/policies/managed-policies'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const deletePolicy: QueryAction = {
  async run(params, { services }) {
    await remove(services, params.string('PolicyArn', shape.arn))
    return undefined
  },
}
