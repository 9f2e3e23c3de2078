import { listUsers as list } from '../../../userpool/admin-users/list-users'
import { requirePool } from '../../../userpool/pool-repository'
import { userType } from '../../../userpool/user-view'
import { defineTarget } from '../../target'
import { AttributeNameList, QueryLimit, UserPoolId } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

export const listUsers = defineTarget({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, AttributesToGet: AttributeNameList, Limit: QueryLimit, PaginationToken: string({ min: 1, pattern: '[\\S]+' }), Filter: string({ max: 256 }) },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const page = await list(services, pool, {
      limit: input.Limit || 60,
      ...(input.Filter !== undefined ? { filter: input.Filter } : {}),
      ...(input.PaginationToken !== undefined ? { token: input.PaginationToken } : {}),
    })
    return { Users: page.users.map((user) => userType(user, input.AttributesToGet)), ...(page.token ? { PaginationToken: page.token } : {}) }
  },
})
