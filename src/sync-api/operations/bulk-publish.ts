import type { BulkPublishResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { startBulkPublish } from '../../sync/bulk-publish/bulk-publish'
import { requireSyncPool } from '../../sync/configuration/sync-pool'
import { defineSyncOperation } from '../operation'
import { IdentityPoolId } from '../shapes'

/**
 * BulkPublish records the request (IN_PROGRESS); the walk that publishes every identity's
 * datasets to the stream, and then ends the request, belongs to the streams.
 */
export const bulkPublish = defineSyncOperation<BulkPublishResponse>()({
  name: 'BulkPublish',
  method: 'POST',
  path: '/identitypools/{IdentityPoolId}/bulkpublish',
  access: 'admin',
  input: structure({ IdentityPoolId }, ['IdentityPoolId']),
  async handle(input, { services }) {
    await requireSyncPool(services, input.IdentityPoolId)
    await startBulkPublish(services, input.IdentityPoolId)
    return { IdentityPoolId: input.IdentityPoolId }
  },
})
