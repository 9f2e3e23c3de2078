import type { RevokeTokenResponse } from '@aws-sdk/client-cognito-identity-provider'
import { resolveClient } from '../../../userpool/clients/client-auth'
import { revokeToken as revoke } from '../../../userpool/tokens/sign-out'
import { defineTarget } from '../../target'
import { ClientId } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

export const revokeToken = defineTarget<RevokeTokenResponse>()({
  auth: 'public',
  input: structure(
    {
      Token: string({ pattern: '[A-Za-z0-9-_=.]+' }),
      ClientId,
      ClientSecret: string({ min: 1, max: 64, pattern: '[\\w+]+' }),
    },
    ['Token', 'ClientId'],
  ),
  async handle(input, { services }) {
    const { pool, client } = await resolveClient(services, input.ClientId)
    await revoke(services, pool, client, input.Token, input.ClientSecret)
    return {}
  },
})
