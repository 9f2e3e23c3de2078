import type { AdminResetUserPasswordResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requirePool } from '../../../userpool/store/pool-repository'
import { adminResetUserPassword as reset } from '../../../userpool/signup/admin-reset-password'
import { defineTarget } from '../../target'
import { ClientMetadata, Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminResetUserPassword = defineTarget<AdminResetUserPasswordResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, ClientMetadata }, ['UserPoolId', 'Username']),
  async handle(input, { services, awsSdkVersion }) {
    await reset(services, await requirePool(services, input.UserPoolId), input.Username, {
      caller: { awsSdkVersion },
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    })
    return {}
  },
})
