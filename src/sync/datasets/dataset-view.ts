import type { DatasetRecord } from '../model'

/** A dataset as the sync API shows it (the model's `Dataset`), dates in epoch ms. */
export interface DatasetView {
  IdentityId: string
  DatasetName: string
  CreationDate: number
  LastModifiedDate: number
  LastModifiedBy: string
  DataStorage: number
  NumRecords: number
}

export const datasetView = (identityId: string, record: DatasetRecord): DatasetView => ({
  IdentityId: identityId,
  DatasetName: record.DatasetName,
  CreationDate: record.creationDate,
  LastModifiedDate: record.lastModifiedDate,
  LastModifiedBy: record.lastModifiedBy,
  DataStorage: record.dataStorage,
  NumRecords: record.numRecords,
})
