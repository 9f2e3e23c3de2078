import type {
  LambdaConfigType,
  ListUserPoolsResponse,
} from '@aws-sdk/client-cognito-identity-provider'
import { listPools } from '../../../userpool/pools/pool-admin'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { PaginationKey, PoolQueryLimit } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const listUserPools = defineTarget<ListUserPoolsResponse>()({
  auth: 'sigv4',
  input: structure({ NextToken: PaginationKey, MaxResults: PoolQueryLimit }, ['MaxResults']),
  async handle(input, { services }) {
    const query = { operation: 'ListUserPools', poolId: '' }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const page = await listPools(services, input.MaxResults, after)
    const token = await sealPageToken(services, query, page.next)
    return {
      // Entries listed before the registry kept LambdaConfig answer an empty one until the pool changes.
      UserPools: page.pools.map((p) => ({
        ...p,
        LambdaConfig: (p.LambdaConfig ?? {}) as LambdaConfigType,
      })),
      ...(token ? { NextToken: token } : {}),
    }
  },
})
