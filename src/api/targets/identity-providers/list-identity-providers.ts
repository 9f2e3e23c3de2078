import { listIdentityProviders as list } from '../../../userpool/federation/identity-providers'
import { requirePool } from '../../../userpool/pool-repository'
import { defineTarget } from '../../target'
import { PaginationKey, UserPoolId } from '../../validation/cognito-shapes'
import { integer, structure } from '../../validation/shape'

export const listIdentityProviders = defineTarget({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, MaxResults: integer({ min: 0, max: 60 }), NextToken: PaginationKey },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const page = await list(
      services,
      await requirePool(services, input.UserPoolId),
      input.MaxResults || 60,
      input.NextToken,
    )
    return {
      Providers: page.providers.map(
        ({ ProviderName, ProviderType, CreationDate, LastModifiedDate }) => ({
          ProviderName,
          ProviderType,
          CreationDate,
          LastModifiedDate,
        }),
      ),
      ...(page.next ? { NextToken: page.next } : {}),
    }
  },
})
