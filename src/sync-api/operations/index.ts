import type { AnySyncOperation } from '../operation'
import { bulkPublish } from './bulk-publish'
import { deleteDataset } from './delete-dataset'
import { describeDataset } from './describe-dataset'
import { describeIdentityPoolUsage } from './describe-identity-pool-usage'
import { describeIdentityUsage } from './describe-identity-usage'
import { getBulkPublishDetails } from './get-bulk-publish-details'
import { getCognitoEvents } from './get-cognito-events'
import { getIdentityPoolConfiguration } from './get-identity-pool-configuration'
import { listDatasets } from './list-datasets'
import { listIdentityPoolUsage } from './list-identity-pool-usage'
import { listRecords } from './list-records'
import { registerDevice } from './register-device'
import { setCognitoEvents } from './set-cognito-events'
import { setIdentityPoolConfiguration } from './set-identity-pool-configuration'
import { subscribeToDataset } from './subscribe-to-dataset'
import { unsubscribeFromDataset } from './unsubscribe-from-dataset'
import { updateRecords } from './update-records'

/** Every operation the sync API answers; the router matches requests against their paths. */
export const syncOperations: readonly AnySyncOperation[] = [
  listDatasets,
  describeDataset,
  deleteDataset,
  listRecords,
  updateRecords,
  describeIdentityUsage,
  // Pool settings, usage, bulk publish and devices.
  describeIdentityPoolUsage,
  listIdentityPoolUsage,
  getIdentityPoolConfiguration,
  setIdentityPoolConfiguration,
  getCognitoEvents,
  setCognitoEvents,
  bulkPublish,
  getBulkPublishDetails,
  registerDevice,
  subscribeToDataset,
  unsubscribeFromDataset,
]
