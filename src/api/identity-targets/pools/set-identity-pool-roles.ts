import { setIdentityPoolRoles as set } from '../../../identitypool/pools/identity-pool-roles'
import { defineTarget, type NoOutput } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityPoolId, RoleMappingMap, RolesMap } from '../shapes'

export const setIdentityPoolRoles = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ IdentityPoolId, Roles: RolesMap, RoleMappings: RoleMappingMap }, [
    'IdentityPoolId',
    'Roles',
  ]),
  async handle({ IdentityPoolId: id, ...input }, { services }) {
    await set(services, id, input)
    return {}
  },
})
