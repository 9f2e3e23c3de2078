import type { DescribeIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider'
import {
  getIdentityProvider,
  publicIdentityProvider,
} from '../../../userpool/identity-providers/identity-providers'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { ProviderName } from './shapes'

export const describeIdentityProvider = defineTarget<DescribeIdentityProviderResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ProviderName }, ['UserPoolId', 'ProviderName']),
  async handle(input, { services }) {
    return {
      IdentityProvider: publicIdentityProvider(
        await getIdentityProvider(
          services,
          await requirePool(services, input.UserPoolId),
          input.ProviderName,
        ),
      ),
    }
  },
})
