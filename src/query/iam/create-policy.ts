import { createPolicy as create } from '../../iam/policies/managed-policies'
import type { QueryAction } from '../action'
import { policyOutput } from './outputs'
import * as shape from './shapes'

export const createPolicy: QueryAction = {
  async run(params, { services }) {
    const path = params.string('Path', shape.policyPath)
    const description = params.string('Description', shape.policyDescription)
    const tags = shape.tags(params)
    const policy = await create(services, {
      PolicyName: params.string('PolicyName', shape.policyName),
      PolicyDocument: params.string('PolicyDocument', shape.policyDocument),
      ...(path !== undefined ? { Path: path } : {}),
      ...(description !== undefined ? { Description: description } : {}),
      ...(tags ? { Tags: tags } : {}),
    })
    return { Policy: policyOutput(policy) }
  },
}
