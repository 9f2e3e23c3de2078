import type { ListIdentityProvidersResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listIdentityProviders as list } from '../../../userpool/identity-providers/identity-providers'
import { requirePool } from '../../../userpool/store/pool-repository'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { PaginationKey, UserPoolId } from '../../validation/cognito-shapes'
import { integer, structure } from '../../validation/shape'

export const listIdentityProviders = defineTarget<ListIdentityProvidersResponse>()({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, MaxResults: integer({ min: 0, max: 60 }), NextToken: PaginationKey },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const query = { operation: 'ListIdentityProviders', poolId: pool.Id }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const page = await list(services, pool, input.MaxResults || 60, after)
    const token = await sealPageToken(services, query, page.next)
    return {
      Providers: page.providers.map(
        ({ ProviderName, ProviderType, CreationDate, LastModifiedDate }) => ({
          ProviderName,
          ProviderType,
          CreationDate,
          LastModifiedDate,
        }),
      ),
      ...(token ? { NextToken: token } : {}),
    }
  },
})
