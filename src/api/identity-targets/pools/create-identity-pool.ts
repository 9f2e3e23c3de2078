import type { IdentityPool } from '@aws-sdk/client-cognito-identity'
import { createIdentityPool as create } from '../../../identitypool/pools/identity-pools'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { identityPoolMembers, identityPoolType } from './identity-pool-type'

export const createIdentityPool = defineTarget<IdentityPool>()({
  auth: 'sigv4',
  input: structure(identityPoolMembers, ['IdentityPoolName', 'AllowUnauthenticatedIdentities']),
  async handle(input, { services }) {
    return identityPoolType(await create(services, input))
  },
})
