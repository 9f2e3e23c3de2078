import type { ListIdentityPoolUsageResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { listPoolUsage } from '../../sync/usage/pool-usage-report'
import { defineSyncOperation } from '../operation'
import { MaxResults, NextToken } from '../shapes'
import { poolUsageOutput } from './pool-outputs'

export const listIdentityPoolUsage = defineSyncOperation<ListIdentityPoolUsageResponse>()({
  name: 'ListIdentityPoolUsage',
  method: 'GET',
  path: '/identitypools',
  access: 'admin',
  bindings: {
    query: {
      nextToken: { member: 'NextToken' },
      maxResults: { member: 'MaxResults', integer: true },
    },
  },
  input: structure({ NextToken, MaxResults }),
  async handle(input, { services }) {
    const page = await listPoolUsage(services, {
      ...(input.NextToken === undefined ? {} : { nextToken: input.NextToken }),
      ...(input.MaxResults === undefined ? {} : { maxResults: input.MaxResults }),
    })
    return {
      IdentityPoolUsages: page.usages.map(poolUsageOutput),
      MaxResults: page.maxResults,
      Count: page.usages.length,
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    }
  },
})
