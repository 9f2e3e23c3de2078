import type { DeleteUserPoolClientSecretResponse } from '@aws-sdk/client-cognito-identity-provider'
import { deleteClientSecret } from '../../../userpool/clients/client-secrets'
import { defineTarget } from '../../target'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

export const deleteUserPoolClientSecret = defineTarget<DeleteUserPoolClientSecretResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ClientId, ClientSecretId: string({ min: 1, max: 128 }) }, [
    'UserPoolId',
    'ClientId',
    'ClientSecretId',
  ]),
  async handle(input, { services }) {
    await deleteClientSecret(services, input.UserPoolId, input.ClientId, input.ClientSecretId)
    return {}
  },
})
