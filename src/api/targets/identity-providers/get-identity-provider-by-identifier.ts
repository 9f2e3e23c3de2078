import type { GetIdentityProviderByIdentifierResponse } from '@aws-sdk/client-cognito-identity-provider'
import {
  identityProviderByIdentifier,
  publicIdentityProvider,
} from '../../../userpool/identity-providers/identity-providers'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { IdpIdentifier } from './shapes'

export const getIdentityProviderByIdentifier =
  defineTarget<GetIdentityProviderByIdentifierResponse>()({
    auth: 'sigv4',
    input: structure({ UserPoolId, IdpIdentifier }, ['UserPoolId', 'IdpIdentifier']),
    async handle(input, { services }) {
      return {
        IdentityProvider: publicIdentityProvider(
          await identityProviderByIdentifier(
            services,
            await requirePool(services, input.UserPoolId),
            input.IdpIdentifier,
          ),
        ),
      }
    },
  })
