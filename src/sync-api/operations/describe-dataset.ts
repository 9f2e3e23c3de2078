import type { DescribeDatasetResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { describeDataset as describeIdentityDataset } from '../../sync/datasets/describe-dataset'
import { defineSyncOperation } from '../operation'
import { DatasetName, IdentityId, IdentityPoolId } from '../shapes'
import { datasetOutput } from './outputs'

export const describeDataset = defineSyncOperation<DescribeDatasetResponse>()({
  name: 'DescribeDataset',
  method: 'GET',
  path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}',
  access: 'identity',
  input: structure({ IdentityPoolId, IdentityId, DatasetName }, [
    'IdentityPoolId',
    'IdentityId',
    'DatasetName',
  ]),
  async handle(input, { services }) {
    const dataset = await describeIdentityDataset(
      services,
      { identityPoolId: input.IdentityPoolId, identityId: input.IdentityId },
      input.DatasetName,
    )
    return { Dataset: datasetOutput(dataset) }
  },
})
