import type { _Record as SyncRecord, Dataset, IdentityUsage } from '@aws-sdk/client-cognito-sync'
import type { Wire } from '../../api/target'
import type { DatasetView } from '../../sync/datasets/dataset-view'
import type { RecordView } from '../../sync/records/record-view'
import type { IdentityUsageView } from '../../sync/usage/identity-usage'
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

/** The model's `Record` on the wire; a removed record's has no Value. */
export const recordOutput = (record: RecordView): Wire<SyncRecord> => ({
  Key: record.Key,
  ...(record.Value === undefined ? {} : { Value: record.Value }),
  SyncCount: record.SyncCount,
  LastModifiedDate: wireDate(record.LastModifiedDate),
  LastModifiedBy: record.LastModifiedBy,
  ...(record.DeviceLastModifiedDate === undefined
    ? {}
    : { DeviceLastModifiedDate: wireDate(record.DeviceLastModifiedDate) }),
})

/** The model's `IdentityUsage` on the wire. */
export const identityUsageOutput = (usage: IdentityUsageView): Wire<IdentityUsage> => ({
  IdentityId: usage.IdentityId,
  IdentityPoolId: usage.IdentityPoolId,
  ...(usage.LastModifiedDate === undefined
    ? {}
    : { LastModifiedDate: wireDate(usage.LastModifiedDate) }),
  DatasetCount: usage.DatasetCount,
  DataStorage: usage.DataStorage,
})
