import type { ListUsersInGroupResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listUsersInGroup as list } from '../../../userpool/groups/groups'
import { requirePool } from '../../../userpool/store/pool-repository'
import { userType } from '../../../userpool/users/user-view'
import { isPartitionCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { GroupName, PaginationKey, QueryLimit, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const listUsersInGroup = defineTarget<ListUsersInGroupResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, GroupName, Limit: QueryLimit, NextToken: PaginationKey }, [
    'UserPoolId',
    'GroupName',
  ]),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const query = {
      operation: 'ListUsersInGroup',
      poolId: pool.Id,
      params: { GroupName: input.GroupName },
    }
    const cursor = await openPageToken(
      services,
      query,
      input.NextToken,
      isPartitionCursor(pool.partitions),
    )
    const page = await list(services, pool, input.GroupName, input.Limit || 60, cursor)
    const token = await sealPageToken(services, query, page.next)
    return {
      Users: page.users.map((user) => userType(user)),
      ...(token ? { NextToken: token } : {}),
    }
  },
})
