import type { GetTokensFromRefreshTokenResponse } from '@aws-sdk/client-cognito-identity-provider'
import { tokensFromRefreshToken } from '../../../userpool/auth/tokens-from-refresh-token'
import { resolveClient } from '../../../userpool/clients/client-auth'
import { defineTarget } from '../../target'
import { ClientId, ClientMetadata } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

export const getTokensFromRefreshToken = defineTarget<GetTokensFromRefreshTokenResponse>()({
  auth: 'public',
  input: structure(
    {
      RefreshToken: string({ pattern: '[A-Za-z0-9-_=.]+' }),
      ClientId,
      ClientSecret: string({ min: 1, max: 64, pattern: '[\\w+]+' }),
      DeviceKey: string({ min: 1, max: 55, pattern: '[\\w-]+_[0-9a-f-]+' }),
      ClientMetadata,
    },
    ['RefreshToken', 'ClientId'],
  ),
  async handle(input, { services, issuerOrigin, awsSdkVersion }) {
    const resolved = await resolveClient(services, input.ClientId)
    return {
      AuthenticationResult: await tokensFromRefreshToken(
        services,
        resolved,
        input,
        `${issuerOrigin}/${resolved.pool.Id}`,
        { awsSdkVersion },
      ),
    }
  },
})
