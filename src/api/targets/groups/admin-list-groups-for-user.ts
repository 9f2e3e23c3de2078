import type { AdminListGroupsForUserResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listGroupsForUser } from '../../../userpool/groups/groups'
import { requirePool } from '../../../userpool/store/pool-repository'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { PaginationKey, QueryLimit, Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminListGroupsForUser = defineTarget<AdminListGroupsForUserResponse>()({
  auth: 'sigv4',
  input: structure({ Username, UserPoolId, Limit: QueryLimit, NextToken: PaginationKey }, [
    'Username',
    'UserPoolId',
  ]),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const query = {
      operation: 'AdminListGroupsForUser',
      poolId: pool.Id,
      params: { Username: input.Username },
    }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const page = await listGroupsForUser(services, pool, input.Username, input.Limit || 60, after)
    const token = await sealPageToken(services, query, page.next)
    return { Groups: page.groups, ...(token ? { NextToken: token } : {}) }
  },
})
