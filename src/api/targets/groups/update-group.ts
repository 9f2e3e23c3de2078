import type { UpdateGroupResponse } from '@aws-sdk/client-cognito-identity-provider'
import { updateGroup as update } from '../../../userpool/groups/groups'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import {
  Arn,
  Description,
  GroupName,
  Precedence,
  UserPoolId,
} from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const updateGroup = defineTarget<UpdateGroupResponse>()({
  auth: 'sigv4',
  input: structure({ GroupName, UserPoolId, Description, RoleArn: Arn, Precedence }, [
    'GroupName',
    'UserPoolId',
  ]),
  async handle({ GroupName: name, UserPoolId: poolId, ...settings }, { services }) {
    return { Group: await update(services, await requirePool(services, poolId), name, settings) }
  },
})
