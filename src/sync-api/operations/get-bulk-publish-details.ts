import type { GetBulkPublishDetailsResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { bulkPublishDetails } from '../../sync/bulk-publish/bulk-publish'
import { requireSyncPool } from '../../sync/configuration/sync-pool'
import { defineSyncOperation, wireDate } from '../operation'
import { IdentityPoolId } from '../shapes'

export const getBulkPublishDetails = defineSyncOperation<GetBulkPublishDetailsResponse>()({
  name: 'GetBulkPublishDetails',
  method: 'POST',
  path: '/identitypools/{IdentityPoolId}/getBulkPublishDetails',
  access: 'admin',
  input: structure({ IdentityPoolId }, ['IdentityPoolId']),
  async handle(input, { services }) {
    await requireSyncPool(services, input.IdentityPoolId)
    const details = await bulkPublishDetails(services, input.IdentityPoolId)
    return {
      IdentityPoolId: input.IdentityPoolId,
      BulkPublishStatus: details.status,
      ...(details.startTime !== undefined
        ? { BulkPublishStartTime: wireDate(details.startTime) }
        : {}),
      ...(details.completeTime !== undefined
        ? { BulkPublishCompleteTime: wireDate(details.completeTime) }
        : {}),
      ...(details.failureMessage !== undefined ? { FailureMessage: details.failureMessage } : {}),
    }
  },
})
