import type { SignUpResponse } from '@aws-sdk/client-cognito-identity-provider'
import { resolveClient } from '../../../userpool/clients/client-auth'
import { signUp as register } from '../../../userpool/signup/sign-up'
import { defineTarget } from '../../target'
import {
  AnalyticsMetadata,
  AttributeList,
  ClientId,
  ClientMetadata,
  Password,
  SecretHash,
  UserContextData,
  Username,
} from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const signUp = defineTarget<SignUpResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure(
    {
      ClientId,
      SecretHash,
      Username,
      Password,
      UserAttributes: AttributeList,
      ValidationData: AttributeList,
      AnalyticsMetadata,
      UserContextData,
      ClientMetadata,
    },
    ['ClientId', 'Username'],
  ),
  async handle(input, context) {
    const { services } = context
    return register(services, await resolveClient(services, input.ClientId), input, {
      awsSdkVersion: context.awsSdkVersion,
    })
  },
})
