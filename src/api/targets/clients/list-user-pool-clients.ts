import { listClients } from '../../../userpool/clients'
import { defineTarget } from '../../target'
import { PaginationKey, UserPoolId } from '../../validation/cognito-shapes'
import { integer, structure } from '../../validation/shape'

export const listUserPoolClients = defineTarget({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, MaxResults: integer({ min: 1, max: 60 }), NextToken: PaginationKey },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const page = await listClients(
      services,
      input.UserPoolId,
      input.MaxResults ?? 60,
      input.NextToken,
    )
    return {
      UserPoolClients: page.clients.map((c) => ({
        ClientId: c.ClientId,
        UserPoolId: c.UserPoolId,
        ClientName: c.ClientName,
      })),
      ...(page.next ? { NextToken: page.next } : {}),
    }
  },
})
