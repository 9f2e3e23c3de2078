import { deleteGroup as remove } from '../../../userpool/groups/groups'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget, type NoOutput } from '../../target'
import { GroupName, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const deleteGroup = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ GroupName, UserPoolId }, ['GroupName', 'UserPoolId']),
  async handle(input, { services }) {
    await remove(services, await requirePool(services, input.UserPoolId), input.GroupName)
    return {}
  },
})
