import { deletePool } from '../../../userpool/pools/pool-admin'
import { defineTarget, type NoOutput } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const deleteUserPool = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ UserPoolId }, ['UserPoolId']),
  async handle(input, { services }) {
    await deletePool(services, input.UserPoolId)
    return {}
  },
})
