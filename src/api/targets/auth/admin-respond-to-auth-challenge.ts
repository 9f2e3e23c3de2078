import type { AdminRespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider'
import { respondToChallenge } from '../../../userpool/auth/respond'
import { requireClient, requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { adminSignals } from '../risk/context-signals'
import { authResponse, deviceContext } from './auth-result'
import { AuthParameters, authMembers, ChallengeName, ContextData } from './auth-shapes'

export const adminRespondToAuthChallenge = defineTarget<AdminRespondToAuthChallengeResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      ChallengeName,
      ChallengeResponses: AuthParameters,
      ContextData: ContextData(),
      ...authMembers,
    },
    ['UserPoolId', 'ClientId', 'ChallengeName'],
  ),
  async handle(input, { services, issuerOrigin, awsSdkVersion, signals, sourceIp }) {
    const pool = await requirePool(services, input.UserPoolId)
    const client = await requireClient(services, pool.Id, input.ClientId)
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
          signals: adminSignals(signals, input.ContextData),
        },
      ),
    )
  },
})
