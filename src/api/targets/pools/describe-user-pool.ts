import { countUsers } from '../../../userpool/directory'
import { describePool } from '../../../userpool/pools'
import { requirePool } from '../../../userpool/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const describeUserPool = defineTarget({
  auth: 'sigv4',
  input: structure({ UserPoolId }, ['UserPoolId']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    return { UserPool: describePool(pool, await countUsers(services, pool)) }
  },
})
