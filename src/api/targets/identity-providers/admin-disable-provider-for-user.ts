import type { AdminDisableProviderForUserResponse } from '@aws-sdk/client-cognito-identity-provider'
import { disableProviderForUser } from '../../../userpool/identity-providers/provider-links'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { ProviderUser } from './shapes'

export const adminDisableProviderForUser = defineTarget<AdminDisableProviderForUserResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, User: ProviderUser }, ['UserPoolId', 'User']),
  async handle(input, { services }) {
    await disableProviderForUser(
      services,
      await requirePool(services, input.UserPoolId),
      input.User,
    )
    return {}
  },
})
