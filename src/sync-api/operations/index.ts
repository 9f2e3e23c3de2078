import type { AnySyncOperation } from '../operation'
import { deleteDataset } from './delete-dataset'
import { describeDataset } from './describe-dataset'
import { describeIdentityUsage } from './describe-identity-usage'
import { listDatasets } from './list-datasets'
import { listRecords } from './list-records'
import { updateRecords } from './update-records'

/** Every operation the sync API answers; the router matches requests against their paths. */
export const syncOperations: readonly AnySyncOperation[] = [
  listDatasets,
  describeDataset,
  deleteDataset,
  listRecords,
  updateRecords,
  describeIdentityUsage,
]
