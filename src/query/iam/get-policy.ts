import { getPolicy as get } from '../../iam/policies/managed-policies'
import type { QueryAction } from '../action'
import { policyOutput } from './outputs'
import * as shape from './shapes'

export const getPolicy: QueryAction = {
  async run(params, { services }) {
    return { Policy: policyOutput(await get(services, params.string('PolicyArn', shape.arn))) }
  },
}
