import type { AdminGetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireUser } from '../../../userpool/store/directory'
import { authFactorsOf } from '../../../userpool/mfa/auth-factors'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminGetUserAuthFactors = defineTarget<AdminGetUserAuthFactorsResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username }, ['UserPoolId', 'Username']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    return authFactorsOf((await requireUser(services, pool, input.Username)).user)
  },
})
