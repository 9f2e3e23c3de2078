import type { SyncRecord } from '../model'
import type { SyncServices } from '../services'

/** An UpdateRecords that was committed: what push and streams are told. */
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
}

/**
 * Called after every committed UpdateRecords, before the answer: where push notifications and
 * stream records plug in. It does nothing yet. Work added here must not throw (the sync is
 * already committed) and should hand anything slow to `services.afterAnswer`.
 */
export async function onAcceptedSync(
  _services: SyncServices,
  _accepted: AcceptedSync,
): Promise<void> {}
