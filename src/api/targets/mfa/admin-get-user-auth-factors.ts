import type { AdminGetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireUser } from '../../../userpool/store/directory'
import { authFactorsOf } from '../../../userpool/mfa/auth-factors'
import { configuredFirstFactors } from '../../../userpool/passkeys/configured-factors'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminGetUserAuthFactors = defineTarget<AdminGetUserAuthFactorsResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username }, ['UserPoolId', 'Username']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const { user } = await requireUser(services, pool, input.Username)
    return {
      ...authFactorsOf(user),
      ConfiguredUserAuthFactors: await configuredFirstFactors(services, pool, user),
    }
  },
})
