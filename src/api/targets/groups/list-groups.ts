import type { ListGroupsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listGroups as list } from '../../../userpool/groups/groups'
import { requirePool } from '../../../userpool/store/pool-repository'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { PaginationKey, QueryLimit, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const listGroups = defineTarget<ListGroupsResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Limit: QueryLimit, NextToken: PaginationKey }, ['UserPoolId']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const query = { operation: 'ListGroups', poolId: pool.Id }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const page = await list(services, pool, input.Limit || 60, after)
    const token = await sealPageToken(services, query, page.next)
    return { Groups: page.groups, ...(token ? { NextToken: token } : {}) }
  },
})
