import { requirePool } from '../../../userpool/store/pool-repository'
import { deleteResourceServer as remove } from '../../../userpool/resource-servers/resource-servers'
import { defineTarget, type NoOutput } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { Identifier } from './shapes'

export const deleteResourceServer = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Identifier }, ['UserPoolId', 'Identifier']),
  async handle(input, { services }) {
    await remove(services, await requirePool(services, input.UserPoolId), input.Identifier)
    return {}
  },
})
