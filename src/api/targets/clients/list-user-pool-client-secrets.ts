import type { ListUserPoolClientSecretsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listClientSecrets } from '../../../userpool/clients/client-secrets'
import { defineTarget } from '../../target'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

export const listUserPoolClientSecrets = defineTarget<ListUserPoolClientSecretsResponse>()({
  auth: 'sigv4',
  input: structure(
    // A client holds at most two secrets: every list is one page, and NextToken is never issued.
    { UserPoolId, ClientId, NextToken: string({ min: 1, max: 131072, pattern: '[\\S]+' }) },
    ['UserPoolId', 'ClientId'],
  ),
  async handle(input, { services }) {
    const secrets = await listClientSecrets(services, input.UserPoolId, input.ClientId)
    return {
      ClientSecrets: secrets.map((s) => ({
        ClientSecretId: s.id,
        ClientSecretCreateDate: s.createdAt,
      })),
    }
  },
})
