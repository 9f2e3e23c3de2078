import type { DeleteDatasetResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { deleteDataset as deleteIdentityDataset } from '../../sync/datasets/delete-dataset'
import { defineSyncOperation } from '../operation'
import { DatasetName, IdentityId, IdentityPoolId } from '../shapes'
import { datasetOutput } from './outputs'

export const deleteDataset = defineSyncOperation<DeleteDatasetResponse>()({
  name: 'DeleteDataset',
  method: 'DELETE',
  path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}',
  access: 'identity',
  input: structure({ IdentityPoolId, IdentityId, DatasetName }, [
    'IdentityPoolId',
    'IdentityId',
    'DatasetName',
  ]),
  async handle(input, { services, caller, origin }) {
    const dataset = await deleteIdentityDataset(
      services,
      { identityPoolId: input.IdentityPoolId, identityId: input.IdentityId },
      caller,
      input.DatasetName,
      origin,
    )
    return { Dataset: datasetOutput(dataset) }
  },
})
