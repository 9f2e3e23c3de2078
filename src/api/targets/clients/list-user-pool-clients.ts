import type { ListUserPoolClientsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listClients } from '../../../userpool/clients/clients'
import { requirePool } from '../../../userpool/store/pool-repository'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { PaginationKey, UserPoolId } from '../../validation/cognito-shapes'
import { integer, structure } from '../../validation/shape'

export const listUserPoolClients = defineTarget<ListUserPoolClientsResponse>()({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, MaxResults: integer({ min: 1, max: 60 }), NextToken: PaginationKey },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const query = { operation: 'ListUserPoolClients', poolId: pool.Id }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const page = await listClients(services, pool.Id, input.MaxResults ?? 60, after)
    const token = await sealPageToken(services, query, page.next)
    return {
      UserPoolClients: page.clients.map((c) => ({
        ClientId: c.ClientId,
        UserPoolId: c.UserPoolId,
        ClientName: c.ClientName,
      })),
      ...(token ? { NextToken: token } : {}),
    }
  },
})
