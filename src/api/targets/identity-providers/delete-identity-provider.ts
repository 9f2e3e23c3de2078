import { deleteIdentityProvider as remove } from '../../../userpool/identity-providers/identity-providers'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget, type NoOutput } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { ProviderName } from './shapes'

export const deleteIdentityProvider = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ProviderName }, ['UserPoolId', 'ProviderName']),
  async handle(input, { services }) {
    await remove(services, await requirePool(services, input.UserPoolId), input.ProviderName)
    return {}
  },
})
