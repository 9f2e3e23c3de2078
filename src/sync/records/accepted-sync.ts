import type { SyncRecord } from '../model'
import { pushAcceptedSync } from '../push/push-accepted-sync'
import type { SyncServices } from '../services'
import { streamAcceptedSync } from '../streams/stream-accepted-sync'
import type { KinesisSyncRecord } from '../streams/stream-record'
import { recordSyncUsage } from '../usage/sync-usage'

/** An UpdateRecords or a DeleteDataset that was committed: what push and streams are told. */
export interface AcceptedSync {
  identityPoolId: string
  identityId: string
  datasetName: string
  /** The dataset's sync count after the commit. */
  syncCount: number
  /** The records the sync changed, as stored (a removed record with a null value). */
  records: SyncRecord[]
  /** The writing device, when the request named one (push skips it). */
  deviceId?: string
  /** Whether the identity's own credentials wrote it (false: an admin key). */
  callerIsIdentity: boolean
  /** Where callers reach this Worker: a stream record too large to send inline is read there. */
  origin?: string
  /**
   * `replace`: an UpdateRecords; `remove`: a DeleteDataset (its records are every record it
   * removed), which Cognito Streams tells as `operation: "remove"`.
   */
  operation: 'replace' | 'remove'
}

/**
 * Called after every committed UpdateRecords and DeleteDataset, before the answer: pool usage
 * (of an UpdateRecords: a deletion is no sync session), push notices to the identity's other
 * devices (its push sockets, and registered devices through the push webhook) and the pool's
 * stream record all go on after the answer (`afterAnswer`), so the caller never waits for them
 * and a failure of one never undoes the committed change.
 */
export async function onAcceptedSync(
  services: SyncServices,
  accepted: AcceptedSync,
): Promise<void> {
  // Pool usage counts the sync after the answer: the caller does not wait for bookkeeping.
  if (accepted.operation === 'replace')
    services.afterAnswer(
      recordSyncUsage(services, accepted).catch((error: unknown) =>
        console.error(`Sync usage of ${accepted.identityId} not recorded:`, error),
      ),
    )
  services.afterAnswer(announce(services, accepted))
}

async function announce(services: SyncServices, accepted: AcceptedSync): Promise<void> {
  await Promise.all([
    pushAcceptedSync(services, accepted),
    stream(services, accepted).catch((error: unknown) =>
      console.error(
        `the stream record of ${accepted.identityId}/${accepted.datasetName} was not sent: ${String(error)}`,
      ),
    ),
  ])
}

async function stream(services: SyncServices, accepted: AcceptedSync): Promise<void> {
  const records: KinesisSyncRecord[] = accepted.records.map((record) => ({
    key: record.Key,
    ...(record.value === null ? {} : { value: record.value }),
    syncCount: record.syncCount,
    lastModifiedDate: record.lastModifiedDate,
    deviceLastModifiedDate: record.deviceLastModifiedDate ?? record.lastModifiedDate,
    op: record.value === null ? 'remove' : 'replace',
  }))
  await streamAcceptedSync(
    services,
    {
      identityPoolId: accepted.identityPoolId,
      identityId: accepted.identityId,
      datasetName: accepted.datasetName,
      syncCount: accepted.syncCount,
      lastModifiedDate: accepted.records[0]?.lastModifiedDate ?? services.now(),
      operation: accepted.operation,
      records,
    },
    accepted.origin ?? '',
  )
}
