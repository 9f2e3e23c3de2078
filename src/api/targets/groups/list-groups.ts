import { listGroups as list } from '../../../userpool/groups'
import { requirePool } from '../../../userpool/pool-repository'
import { defineTarget } from '../../target'
import { PaginationKey, QueryLimit, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const listGroups = defineTarget({
  auth: 'sigv4',
  input: structure({ UserPoolId, Limit: QueryLimit, NextToken: PaginationKey }, ['UserPoolId']),
  async handle(input, { services }) {
    const page = await list(
      services,
      await requirePool(services, input.UserPoolId),
      input.Limit || 60,
      input.NextToken,
    )
    return { Groups: page.groups, ...(page.next ? { NextToken: page.next } : {}) }
  },
})
