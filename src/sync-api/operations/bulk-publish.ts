import type { BulkPublishResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { startBulkPublish } from '../../sync/bulk-publish/bulk-publish'
import { requireSyncPool } from '../../sync/configuration/sync-pool'
import { runBulkPublish } from '../../sync/streams/bulk-publish-walk'
import { defineSyncOperation } from '../operation'
import { IdentityPoolId } from '../shapes'

/**
 * BulkPublish records the request (IN_PROGRESS) and answers; the walk that publishes every
 * identity's datasets to the stream, and then ends the request, runs after the answer.
 */
export const bulkPublish = defineSyncOperation<BulkPublishResponse>()({
  name: 'BulkPublish',
  method: 'POST',
  path: '/identitypools/{IdentityPoolId}/bulkpublish',
  access: 'admin',
  input: structure({ IdentityPoolId }, ['IdentityPoolId']),
  async handle(input, { services, origin }) {
    await requireSyncPool(services, input.IdentityPoolId)
    await startBulkPublish(services, input.IdentityPoolId)
    services.afterAnswer(runBulkPublish(services, input.IdentityPoolId, origin))
    return { IdentityPoolId: input.IdentityPoolId }
  },
})
