import { listUsers as list } from '../../../userpool/admin-users/list-users'
import { requirePool } from '../../../userpool/pool-repository'
import { userType } from '../../../userpool/user-view'
import { defineTarget } from '../../target'
import { AttributeNameList, QueryLimit, UserPoolId } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

/** Cognito's page size when Limit is absent (or 0). */
const DEFAULT_LIMIT = 60

export const listUsers = defineTarget({
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
    const page = await list(services, pool, {
      limit: input.Limit || DEFAULT_LIMIT,
      ...(input.Filter !== undefined ? { filter: input.Filter } : {}),
      ...(input.PaginationToken !== undefined ? { token: input.PaginationToken } : {}),
      ...(only ? { attributesToGet: only } : {}),
    })
    return {
      Users: page.users.map((user) => userType(user, only)),
      ...(page.token ? { PaginationToken: page.token } : {}),
    }
  },
})
