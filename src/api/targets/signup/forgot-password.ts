import type { ForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider'
import { resolveClient } from '../../../userpool/clients/client-auth'
import { forgotPassword as forgot } from '../../../userpool/signup/forgot-password'
import { defineTarget } from '../../target'
import {
  AnalyticsMetadata,
  ClientId,
  ClientMetadata,
  SecretHash,
  UserContextData,
  Username,
} from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const forgotPassword = defineTarget<ForgotPasswordResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure(
    { ClientId, SecretHash, UserContextData, Username, AnalyticsMetadata, ClientMetadata },
    ['ClientId', 'Username'],
  ),
  async handle(input, { services, awsSdkVersion }) {
    return {
      CodeDeliveryDetails: await forgot(
        services,
        await resolveClient(services, input.ClientId),
        input,
        { caller: { clientId: input.ClientId, awsSdkVersion } },
      ),
    }
  },
})
