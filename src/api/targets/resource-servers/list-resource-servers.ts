import type { ListResourceServersResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requirePool } from '../../../userpool/store/pool-repository'
import { listResourceServers as list } from '../../../userpool/resource-servers/resource-servers'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { PaginationKey, UserPoolId } from '../../validation/cognito-shapes'
import { integer, structure } from '../../validation/shape'

export const listResourceServers = defineTarget<ListResourceServersResponse>()({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, MaxResults: integer({ min: 1, max: 50 }), NextToken: PaginationKey },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const query = { operation: 'ListResourceServers', poolId: pool.Id }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const page = await list(services, pool, input.MaxResults ?? 50, after)
    const token = await sealPageToken(services, query, page.next)
    return { ResourceServers: page.servers, ...(token ? { NextToken: token } : {}) }
  },
})
