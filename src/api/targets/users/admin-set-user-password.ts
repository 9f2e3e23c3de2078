import type { AdminSetUserPasswordResponse } from '@aws-sdk/client-cognito-identity-provider'
import { adminSetUserPassword as setPassword } from '../../../userpool/users/set-password'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Password, Username, UserPoolId } from '../../validation/cognito-shapes'
import { boolean, structure } from '../../validation/shape'

export const adminSetUserPassword = defineTarget<AdminSetUserPasswordResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, Password, Permanent: boolean() }, [
    'UserPoolId',
    'Username',
    'Password',
  ]),
  async handle(input, { services }) {
    await setPassword(
      services,
      await requirePool(services, input.UserPoolId),
      input.Username,
      input.Password,
      input.Permanent ?? false,
    )
    return {}
  },
})
