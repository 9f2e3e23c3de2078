import { requirePool } from '../../../userpool/pool-repository'
import { listResourceServers as list } from '../../../userpool/resource-servers'
import { defineTarget } from '../../target'
import { PaginationKey, UserPoolId } from '../../validation/cognito-shapes'
import { integer, structure } from '../../validation/shape'

export const listResourceServers = defineTarget({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, MaxResults: integer({ min: 1, max: 50 }), NextToken: PaginationKey },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const page = await list(
      services,
      await requirePool(services, input.UserPoolId),
      input.MaxResults ?? 50,
      input.NextToken,
    )
    return { ResourceServers: page.servers, ...(page.next ? { NextToken: page.next } : {}) }
  },
})
