import type { ConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider'
import { resolveClient } from '../../../userpool/clients/client-auth'
import { confirmSignUp as confirm } from '../../../userpool/signup/confirm-sign-up'
import { defineTarget } from '../../target'
import {
  AnalyticsMetadata,
  ClientId,
  ClientMetadata,
  ConfirmationCode,
  SecretHash,
  Session,
  UserContextData,
  Username,
} from '../../validation/cognito-shapes'
import { boolean, structure } from '../../validation/shape'

export const confirmSignUp = defineTarget<ConfirmSignUpResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure(
    {
      ClientId,
      SecretHash,
      Username,
      ConfirmationCode,
      ForceAliasCreation: boolean(),
      AnalyticsMetadata,
      UserContextData,
      ClientMetadata,
      Session,
    },
    ['ClientId', 'Username', 'ConfirmationCode'],
  ),
  async handle(input, { services, awsSdkVersion }) {
    await confirm(services, await resolveClient(services, input.ClientId), input, {
      awsSdkVersion,
    })
    return {}
  },
})
