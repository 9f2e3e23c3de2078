import type { InitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider'
import { initiateAuth as initiate } from '../../../userpool/auth/initiate'
import { resolveClient } from '../../../userpool/clients/client-auth'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { publicSignals } from '../risk/context-signals'
import { authResponse, deviceContext } from './auth-result'
import { AuthFlow, AuthParameters, authMembers, UserContextData } from './auth-shapes'

export const initiateAuth = defineTarget<InitiateAuthResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure({ AuthFlow, AuthParameters, UserContextData, ...authMembers }, [
    'AuthFlow',
    'ClientId',
  ]),
  async handle(input, { services, issuerOrigin, awsSdkVersion, signals, sourceIp }) {
    const { pool, client } = await resolveClient(services, input.ClientId)
    const outcome = await initiate(
      services,
      pool,
      client,
      { flow: input.AuthFlow, parameters: input.AuthParameters ?? {}, admin: false },
      {
        issuer: `${issuerOrigin}/${pool.Id}`,
        ...deviceContext(input.AuthParameters?.DEVICE_KEY, sourceIp),
        caller: { clientId: client.ClientId, awsSdkVersion },
        ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
        signals: publicSignals(signals, client, input.UserContextData),
      },
    )
    return authResponse(outcome)
  },
})
