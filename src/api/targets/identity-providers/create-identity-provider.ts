import type { CreateIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider'
import {
  createIdentityProvider as create,
  publicIdentityProvider,
} from '../../../userpool/identity-providers/identity-providers'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { enumeration, structure } from '../../validation/shape'
import { AttributeMapping, IdpIdentifiers, NewProviderName, ProviderDetails } from './shapes'

export const createIdentityProvider = defineTarget<CreateIdentityProviderResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      ProviderName: NewProviderName,
      ProviderType: enumeration([
        'SAML',
        'Facebook',
        'Google',
        'LoginWithAmazon',
        'SignInWithApple',
        'OIDC',
      ]),
      ProviderDetails,
      AttributeMapping,
      IdpIdentifiers,
    },
    ['UserPoolId', 'ProviderName', 'ProviderType', 'ProviderDetails'],
  ),
  async handle({ UserPoolId: poolId, ...input }, { services }) {
    return {
      IdentityProvider: publicIdentityProvider(
        await create(services, await requirePool(services, poolId), input),
      ),
    }
  },
})
