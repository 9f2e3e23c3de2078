import type { GetGroupResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireGroup } from '../../../userpool/groups/groups'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { GroupName, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const getGroup = defineTarget<GetGroupResponse>()({
  auth: 'sigv4',
  input: structure({ GroupName, UserPoolId }, ['GroupName', 'UserPoolId']),
  async handle(input, { services }) {
    return {
      Group: await requireGroup(
        services,
        await requirePool(services, input.UserPoolId),
        input.GroupName,
      ),
    }
  },
})
