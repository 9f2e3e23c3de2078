import type { DescribeUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider'
import { countUsers } from '../../../userpool/store/user-listing'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { userPoolType } from './user-pool-type'

export const describeUserPool = defineTarget<DescribeUserPoolResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId }, ['UserPoolId']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    return { UserPool: userPoolType(pool, await countUsers(services, pool)) }
  },
})
