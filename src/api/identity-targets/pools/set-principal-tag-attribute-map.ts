import type { SetPrincipalTagAttributeMapResponse } from '@aws-sdk/client-cognito-identity'
import { setPrincipalTagAttributeMap as set } from '../../../identitypool/pools/principal-tag-maps'
import { defineTarget } from '../../target'
import { boolean, structure } from '../../validation/shape'
import { IdentityPoolId, IdentityProviderName, PrincipalTags } from '../shapes'

export const setPrincipalTagAttributeMap = defineTarget<SetPrincipalTagAttributeMapResponse>()({
  auth: 'sigv4',
  input: structure(
    { IdentityPoolId, IdentityProviderName, UseDefaults: boolean(), PrincipalTags },
    ['IdentityPoolId', 'IdentityProviderName'],
  ),
  handle({ IdentityPoolId: id, IdentityProviderName: name, ...input }, { services }) {
    return set(services, id, name, input)
  },
})
