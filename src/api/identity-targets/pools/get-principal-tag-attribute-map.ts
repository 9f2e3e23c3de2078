import type { GetPrincipalTagAttributeMapResponse } from '@aws-sdk/client-cognito-identity'
import { getPrincipalTagAttributeMap as get } from '../../../identitypool/pools/principal-tag-maps'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityPoolId, IdentityProviderName } from '../shapes'

export const getPrincipalTagAttributeMap = defineTarget<GetPrincipalTagAttributeMapResponse>()({
  auth: 'sigv4',
  input: structure({ IdentityPoolId, IdentityProviderName }, [
    'IdentityPoolId',
    'IdentityProviderName',
  ]),
  handle(input, { services }) {
    return get(services, input.IdentityPoolId, input.IdentityProviderName)
  },
})
