import { InvalidParameterException } from '../../../errors/cognito'
import { listUsersInGroup as list } from '../../../userpool/groups'
import { requirePool } from '../../../userpool/pool-repository'
import { userType } from '../../../userpool/user-view'
import { defineTarget } from '../../target'
import { GroupName, PaginationKey, QueryLimit, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

const TOKEN_PURPOSE = 'list-users-in-group'

export const listUsersInGroup = defineTarget({
  auth: 'sigv4',
  input: structure({ UserPoolId, GroupName, Limit: QueryLimit, NextToken: PaginationKey }, [
    'UserPoolId',
    'GroupName',
  ]),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const context = `${pool.Id}|${input.GroupName}`
    type Cursor = { partition: number; after?: string }
    let cursor: Cursor | undefined
    if (input.NextToken) {
      cursor =
        (await services.sealer.open<Cursor>(TOKEN_PURPOSE, input.NextToken, context)) ?? undefined
      if (!cursor) throw new InvalidParameterException('Invalid pagination token.')
    }
    const page = await list(services, pool, input.GroupName, input.Limit || 60, cursor)
    return {
      Users: page.users.map((user) => userType(user)),
      ...(page.next
        ? { NextToken: await services.sealer.seal(TOKEN_PURPOSE, page.next, context) }
        : {}),
    }
  },
})
