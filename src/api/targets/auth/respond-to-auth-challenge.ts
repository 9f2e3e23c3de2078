import type { RespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider'
import { respondToChallenge } from '../../../userpool/auth/respond'
import { resolveClient } from '../../../userpool/clients/client-auth'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { publicSignals } from '../risk/context-signals'
import { authResponse, deviceContext } from './auth-result'
import { AuthParameters, authMembers, ChallengeName, UserContextData } from './auth-shapes'

export const respondToAuthChallenge = defineTarget<RespondToAuthChallengeResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure(
    { ChallengeName, ChallengeResponses: AuthParameters, UserContextData, ...authMembers },
    ['ClientId', 'ChallengeName'],
  ),
  async handle(input, { services, issuerOrigin, awsSdkVersion, signals, sourceIp }) {
    const { pool, client } = await resolveClient(services, input.ClientId)
    return authResponse(
      await respondToChallenge(
        services,
        pool,
        client,
        input.ChallengeName,
        input.ChallengeResponses ?? {},
        input.Session,
        {
          issuer: `${issuerOrigin}/${pool.Id}`,
          ...deviceContext(input.ChallengeResponses?.DEVICE_KEY, sourceIp),
          caller: { clientId: client.ClientId, awsSdkVersion },
          ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
          signals: publicSignals(signals, client, input.UserContextData),
        },
      ),
    )
  },
})
