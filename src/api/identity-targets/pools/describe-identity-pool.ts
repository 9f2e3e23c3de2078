import type { IdentityPool } from '@aws-sdk/client-cognito-identity'
import { describeIdentityPool as describe } from '../../../identitypool/pools/identity-pools'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityPoolId } from '../shapes'
import { identityPoolType } from './identity-pool-type'

export const describeIdentityPool = defineTarget<IdentityPool>()({
  auth: 'sigv4',
  input: structure({ IdentityPoolId }, ['IdentityPoolId']),
  async handle(input, { services }) {
    return identityPoolType(await describe(services, input.IdentityPoolId))
  },
})
