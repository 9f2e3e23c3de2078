import { adminDeleteUser as deleteUser } from '../../../userpool/users/user-status'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget, type NoOutput } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminDeleteUser = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username }, ['UserPoolId', 'Username']),
  async handle(input, { services }) {
    await deleteUser(services, await requirePool(services, input.UserPoolId), input.Username)
    return {}
  },
})
