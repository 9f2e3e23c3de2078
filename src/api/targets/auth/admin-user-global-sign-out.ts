import type { AdminUserGlobalSignOutResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireUser } from '../../../userpool/store/directory'
import { requirePool } from '../../../userpool/store/pool-repository'
import { signOutEverywhere } from '../../../userpool/tokens/sign-out'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminUserGlobalSignOut = defineTarget<AdminUserGlobalSignOutResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username }, ['UserPoolId', 'Username']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    await signOutEverywhere(services, pool, await requireUser(services, pool, input.Username))
    return {}
  },
})
