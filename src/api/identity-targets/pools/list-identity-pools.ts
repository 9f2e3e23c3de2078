import type { ListIdentityPoolsResponse } from '@aws-sdk/client-cognito-identity'
import { listIdentityPools as list } from '../../../identitypool/pools/identity-pools'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { PaginationKey, QueryLimit } from '../shapes'

export const listIdentityPools = defineTarget<ListIdentityPoolsResponse>()({
  auth: 'sigv4',
  input: structure({ MaxResults: QueryLimit, NextToken: PaginationKey }, ['MaxResults']),
  async handle(input, { services }) {
    const query = { operation: 'ListIdentityPools', poolId: '' }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const page = await list(services, input.MaxResults, after)
    const token = await sealPageToken(services, query, page.next)
    return { IdentityPools: page.pools, ...(token ? { NextToken: token } : {}) }
  },
})
