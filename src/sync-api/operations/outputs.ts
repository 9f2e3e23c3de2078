import type { Dataset } from '@aws-sdk/client-cognito-sync'
import type { Wire } from '../../api/target'
import type { DatasetView } from '../../sync/datasets/dataset-view'
import { wireDate } from '../operation'

/** The model's `Dataset` on the wire. */
export const datasetOutput = (dataset: DatasetView): Wire<Dataset> => ({
  IdentityId: dataset.IdentityId,
  DatasetName: dataset.DatasetName,
  CreationDate: wireDate(dataset.CreationDate),
  LastModifiedDate: wireDate(dataset.LastModifiedDate),
  LastModifiedBy: dataset.LastModifiedBy,
  DataStorage: dataset.DataStorage,
  NumRecords: dataset.NumRecords,
})
