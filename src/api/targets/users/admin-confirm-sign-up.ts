import type { AdminConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider'
import { adminConfirmSignUp as confirm } from '../../../userpool/users/user-status'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { ClientMetadata, Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminConfirmSignUp = defineTarget<AdminConfirmSignUpResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, ClientMetadata }, ['UserPoolId', 'Username']),
  async handle(input, { services, awsSdkVersion }) {
    await confirm(services, await requirePool(services, input.UserPoolId), input.Username, {
      caller: { awsSdkVersion },
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    })
    return {}
  },
})
