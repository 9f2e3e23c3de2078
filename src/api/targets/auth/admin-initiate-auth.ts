import type { AdminInitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider'
import { initiateAuth as initiate } from '../../../userpool/auth/initiate'
import { requireClient, requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { adminSignals } from '../risk/context-signals'
import { authResponse, deviceContext } from './auth-result'
import { AuthFlow, AuthParameters, authMembers, ContextData } from './auth-shapes'

export const adminInitiateAuth = defineTarget<AdminInitiateAuthResponse>()({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, AuthFlow, AuthParameters, ContextData: ContextData(), ...authMembers },
    ['UserPoolId', 'ClientId', 'AuthFlow'],
  ),
  async handle(input, { services, issuerOrigin, awsSdkVersion, signals, sourceIp }) {
    const pool = await requirePool(services, input.UserPoolId)
    const client = await requireClient(services, pool.Id, input.ClientId)
    const outcome = await initiate(
      services,
      pool,
      client,
      { flow: input.AuthFlow, parameters: input.AuthParameters ?? {}, admin: true },
      {
        issuer: `${issuerOrigin}/${pool.Id}`,
        ...deviceContext(input.AuthParameters?.DEVICE_KEY, sourceIp),
        caller: { clientId: client.ClientId, awsSdkVersion },
        ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
        signals: adminSignals(signals, input.ContextData),
      },
    )
    return authResponse(outcome)
  },
})
