import type { ResendConfirmationCodeResponse } from '@aws-sdk/client-cognito-identity-provider'
import { resolveClient } from '../../../userpool/clients/client-auth'
import { resendConfirmationCode as resend } from '../../../userpool/signup/resend-code'
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

export const resendConfirmationCode = defineTarget<ResendConfirmationCodeResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure(
    { ClientId, SecretHash, Username, AnalyticsMetadata, UserContextData, ClientMetadata },
    ['ClientId', 'Username'],
  ),
  async handle(input, { services, awsSdkVersion }) {
    return {
      CodeDeliveryDetails: await resend(
        services,
        await resolveClient(services, input.ClientId),
        input,
        { awsSdkVersion },
      ),
    }
  },
})
