import type { UpdateIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider'
import {
  publicIdentityProvider,
  updateIdentityProvider as update,
} from '../../../userpool/identity-providers/identity-providers'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { AttributeMapping, IdpIdentifiers, ProviderDetails, ProviderName } from './shapes'

export const updateIdentityProvider = defineTarget<UpdateIdentityProviderResponse>()({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, ProviderName, ProviderDetails, AttributeMapping, IdpIdentifiers },
    ['UserPoolId', 'ProviderName'],
  ),
  async handle({ UserPoolId: poolId, ...input }, { services }) {
    return {
      IdentityProvider: publicIdentityProvider(
        await update(services, await requirePool(services, poolId), input),
      ),
    }
  },
})
