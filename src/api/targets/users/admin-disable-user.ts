import type { AdminDisableUserResponse } from '@aws-sdk/client-cognito-identity-provider'
import { setUserEnabled } from '../../../userpool/users/user-status'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminDisableUser = defineTarget<AdminDisableUserResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username }, ['UserPoolId', 'Username']),
  async handle(input, { services }) {
    await setUserEnabled(
      services,
      await requirePool(services, input.UserPoolId),
      input.Username,
      false,
    )
    return {}
  },
})
