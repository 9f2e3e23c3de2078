import type { DescribeIdentityPoolUsageResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { describePoolUsage } from '../../sync/usage/pool-usage-report'
import { defineSyncOperation } from '../operation'
import { IdentityPoolId } from '../shapes'
import { poolUsageOutput } from './pool-outputs'

export const describeIdentityPoolUsage = defineSyncOperation<DescribeIdentityPoolUsageResponse>()({
  name: 'DescribeIdentityPoolUsage',
  method: 'GET',
  path: '/identitypools/{IdentityPoolId}',
  access: 'admin',
  input: structure({ IdentityPoolId }, ['IdentityPoolId']),
  async handle(input, { services }) {
    const usage = await describePoolUsage(services, input.IdentityPoolId)
    return { IdentityPoolUsage: poolUsageOutput(usage) }
  },
})
