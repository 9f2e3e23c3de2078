import type { ListDatasetsResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { listDatasets as listIdentityDatasets } from '../../sync/datasets/list-datasets'
import { defineSyncOperation } from '../operation'
import { IdentityId, IdentityPoolId, MaxResults, NextToken } from '../shapes'
import { datasetOutput } from './outputs'

export const listDatasets = defineSyncOperation<ListDatasetsResponse>()({
  name: 'ListDatasets',
  method: 'GET',
  path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets',
  access: 'identity',
  bindings: {
    query: {
      nextToken: { member: 'NextToken' },
      maxResults: { member: 'MaxResults', integer: true },
    },
  },
  input: structure({ IdentityPoolId, IdentityId, NextToken, MaxResults }, [
    'IdentityPoolId',
    'IdentityId',
  ]),
  async handle(input, { services }) {
    const page = await listIdentityDatasets(
      services,
      { identityPoolId: input.IdentityPoolId, identityId: input.IdentityId },
      {
        ...(input.NextToken === undefined ? {} : { nextToken: input.NextToken }),
        ...(input.MaxResults === undefined ? {} : { maxResults: input.MaxResults }),
      },
    )
    return {
      Datasets: page.datasets.map(datasetOutput),
      Count: page.datasets.length,
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    }
  },
})
