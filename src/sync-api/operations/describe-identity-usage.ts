import type { DescribeIdentityUsageResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { describeIdentityUsage as identityUsage } from '../../sync/usage/identity-usage'
import { defineSyncOperation } from '../operation'
import { IdentityId, IdentityPoolId } from '../shapes'
import { identityUsageOutput } from './outputs'

export const describeIdentityUsage = defineSyncOperation<DescribeIdentityUsageResponse>()({
  name: 'DescribeIdentityUsage',
  method: 'GET',
  path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}',
  access: 'identity',
  input: structure({ IdentityPoolId, IdentityId }, ['IdentityPoolId', 'IdentityId']),
  async handle(input, { services }) {
    const usage = await identityUsage(services, {
      identityPoolId: input.IdentityPoolId,
      identityId: input.IdentityId,
    })
    return { IdentityUsage: identityUsageOutput(usage) }
  },
})
