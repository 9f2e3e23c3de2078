import type { AddUserPoolClientSecretResponse } from '@aws-sdk/client-cognito-identity-provider'
import { addClientSecret } from '../../../userpool/clients/client-secrets'
import { defineTarget } from '../../target'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

export const addUserPoolClientSecret = defineTarget<AddUserPoolClientSecretResponse>()({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, ClientId, ClientSecret: string({ min: 24, max: 64, pattern: '[\\w+]+' }) },
    ['UserPoolId', 'ClientId'],
  ),
  async handle(input, { services }) {
    const added = await addClientSecret(
      services,
      input.UserPoolId,
      input.ClientId,
      input.ClientSecret,
    )
    return {
      ClientSecretDescriptor: {
        ClientSecretId: added.id,
        ClientSecretValue: added.value,
        ClientSecretCreateDate: added.createdAt,
      },
    }
  },
})
