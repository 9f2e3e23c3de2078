import type { IdentityPool } from '@aws-sdk/client-cognito-identity'
import { updateIdentityPool as update } from '../../../identitypool/pools/identity-pools'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityPoolId } from '../shapes'
import { identityPoolMembers, identityPoolType } from './identity-pool-type'

export const updateIdentityPool = defineTarget<IdentityPool>()({
  auth: 'sigv4',
  input: structure({ IdentityPoolId, ...identityPoolMembers }, [
    'IdentityPoolId',
    'IdentityPoolName',
    'AllowUnauthenticatedIdentities',
  ]),
  async handle({ IdentityPoolId: id, ...input }, { services }) {
    return identityPoolType(await update(services, id, input))
  },
})
