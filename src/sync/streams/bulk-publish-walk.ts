import { finishBulkPublish, bulkPublishIdentities } from '../bulk-publish/bulk-publish'
import { listLiveDatasets } from '../store/dataset-repository'
import { loadAllRecords } from '../store/record-repository'
import { type StreamServices, sendStreamRecord } from './stream-accepted-sync'
import type { KinesisSyncRecord } from './stream-record'

/**
 * The walk of a bulk publish BulkPublish recorded: every identity of the pool with data, each of
 * its live datasets sent to the stream as one record holding all its live records (as an accepted
 * sync's record, at the dataset's sync count; large ones by URL under `origin`), then the request
 * ended SUCCEEDED, or FAILED with the reason; without a Queue binding it does not start (the
 * stall rule then reports the request FAILED). As Cognito says, a consumer may receive a record
 * both from a sync and from a bulk publish. It runs after BulkPublish answers; a walk that stops
 * (its Worker went away) is reported FAILED by the stall rule and may be asked for again.
 */
export async function runBulkPublish(
  services: StreamServices,
  identityPoolId: string,
  origin: string,
): Promise<void> {
  const queue = services.syncStream
  if (!queue) {
    // Nothing to publish to: the request stays IN_PROGRESS until the stall rule reports it FAILED.
    console.error(`bulk publish of ${identityPoolId}: the Worker has no SYNC_STREAM Queue binding`)
    return
  }
  try {
    for await (const identityId of bulkPublishIdentities(services, identityPoolId)) {
      let after: string | undefined
      do {
        const page = await listLiveDatasets(services, identityId, {
          limit: 20,
          ...(after !== undefined ? { after } : {}),
        })
        for (const dataset of page.datasets) {
          const records: KinesisSyncRecord[] = []
          for (const { record } of (
            await loadAllRecords(services, identityId, dataset.DatasetName)
          ).values())
            if (record && record.value !== null)
              records.push({
                key: record.Key,
                value: record.value,
                syncCount: record.syncCount,
                lastModifiedDate: record.lastModifiedDate,
                deviceLastModifiedDate: record.deviceLastModifiedDate ?? record.lastModifiedDate,
                op: 'replace',
              })
          await sendStreamRecord(
            services,
            queue,
            {
              identityPoolId,
              identityId,
              datasetName: dataset.DatasetName,
              syncCount: dataset.syncCount,
              lastModifiedDate: dataset.lastModifiedDate,
              operation: 'replace',
              records,
            },
            origin,
          )
        }
        after = page.next
      } while (after !== undefined)
    }
    await finishBulkPublish(services, identityPoolId, { succeeded: true })
  } catch (error) {
    console.error(`bulk publish of ${identityPoolId} failed: ${String(error)}`)
    await finishBulkPublish(services, identityPoolId, {
      succeeded: false,
      failureMessage: 'The bulk publish could not send every dataset to the stream.',
    }).catch(() => undefined)
  }
}
