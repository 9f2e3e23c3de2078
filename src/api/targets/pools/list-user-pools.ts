import { listPools } from '../../../userpool/pool-admin'
import { defineTarget } from '../../target'
import { PaginationKey, PoolQueryLimit } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const listUserPools = defineTarget({
  auth: 'sigv4',
  input: structure({ NextToken: PaginationKey, MaxResults: PoolQueryLimit }, ['MaxResults']),
  async handle(input, { services }) {
    const page = await listPools(services, input.MaxResults, input.NextToken)
    return {
      UserPools: page.pools.map((p) => ({ ...p, LambdaConfig: {} })),
      ...(page.next ? { NextToken: page.next } : {}),
    }
  },
})
