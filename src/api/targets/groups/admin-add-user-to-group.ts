import { addUserToGroup } from '../../../userpool/groups/groups'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget, type NoOutput } from '../../target'
import { GroupName, Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminAddUserToGroup = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, GroupName }, ['UserPoolId', 'Username', 'GroupName']),
  async handle(input, { services }) {
    await addUserToGroup(
      services,
      await requirePool(services, input.UserPoolId),
      input.Username,
      input.GroupName,
    )
    return {}
  },
})
