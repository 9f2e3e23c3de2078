import type { ListUsersResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listUsers as list } from '../../../userpool/users/list-users'
import { requirePool } from '../../../userpool/store/pool-repository'
import { userType } from '../../../userpool/users/user-view'
import { isPartitionCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { AttributeNameList, QueryLimit, UserPoolId } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

/** Cognito's page size when Limit is absent (or 0). */
const DEFAULT_LIMIT = 60

export const listUsers = defineTarget<ListUsersResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      AttributesToGet: AttributeNameList,
      Limit: QueryLimit,
      PaginationToken: string({ min: 1, pattern: '[\\S]+' }),
      Filter: string({ max: 256 }),
    },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    // An empty AttributesToGet asks for every attribute, like an absent one.
    const only =
      input.AttributesToGet && input.AttributesToGet.length > 0 ? input.AttributesToGet : undefined
    // A blank filter lists everyone, like an absent one, and continues the same query.
    const filter = input.Filter?.trim() ? input.Filter : ''
    const query = { operation: 'ListUsers', poolId: pool.Id, params: { Filter: filter } }
    const cursor = await openPageToken(
      services,
      query,
      input.PaginationToken,
      isPartitionCursor(pool.partitions),
    )
    const page = await list(services, pool, {
      limit: input.Limit || DEFAULT_LIMIT,
      ...(input.Filter !== undefined ? { filter: input.Filter } : {}),
      ...(cursor ? { cursor } : {}),
      ...(only ? { attributesToGet: only } : {}),
    })
    const token = await sealPageToken(services, query, page.next)
    return {
      Users: page.users.map((user) => userType(user, only)),
      ...(token ? { PaginationToken: token } : {}),
    }
  },
})
