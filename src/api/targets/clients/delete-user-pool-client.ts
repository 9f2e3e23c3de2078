import { deleteClient } from '../../../userpool/clients/clients'
import { defineTarget, type NoOutput } from '../../target'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const deleteUserPoolClient = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ClientId }, ['UserPoolId', 'ClientId']),
  async handle(input, { services }) {
    await deleteClient(services, input.UserPoolId, input.ClientId)
    return {}
  },
})
