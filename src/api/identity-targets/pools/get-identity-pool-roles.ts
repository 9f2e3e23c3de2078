import type { GetIdentityPoolRolesResponse } from '@aws-sdk/client-cognito-identity'
import { getIdentityPoolRoles as get } from '../../../identitypool/pools/identity-pool-roles'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityPoolId } from '../shapes'

export const getIdentityPoolRoles = defineTarget<GetIdentityPoolRolesResponse>()({
  auth: 'sigv4',
  input: structure({ IdentityPoolId }, ['IdentityPoolId']),
  async handle(input, { services }) {
    const roles = await get(services, input.IdentityPoolId)
    return { IdentityPoolId: input.IdentityPoolId, ...roles }
  },
})
