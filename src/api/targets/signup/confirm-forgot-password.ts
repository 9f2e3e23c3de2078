import type { ConfirmForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider'
import { resolveClient } from '../../../userpool/clients/client-auth'
import { confirmForgotPassword as confirm } from '../../../userpool/signup/confirm-forgot-password'
import { defineTarget } from '../../target'
import {
  AnalyticsMetadata,
  ClientId,
  ClientMetadata,
  ConfirmationCode,
  Password,
  SecretHash,
  UserContextData,
  Username,
} from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const confirmForgotPassword = defineTarget<ConfirmForgotPasswordResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure(
    {
      ClientId,
      SecretHash,
      Username,
      ConfirmationCode,
      Password,
      AnalyticsMetadata,
      UserContextData,
      ClientMetadata,
    },
    ['ClientId', 'Username', 'ConfirmationCode', 'Password'],
  ),
  async handle(input, { services, awsSdkVersion }) {
    await confirm(services, await resolveClient(services, input.ClientId), input, {
      awsSdkVersion,
    })
    return {}
  },
})
