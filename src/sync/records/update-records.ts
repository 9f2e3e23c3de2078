import {
  InvalidParameterException,
  LimitExceededException,
  ResourceConflictException,
  ResourceNotFoundException,
} from '../../errors/sync'
import { requireSyncIdentity } from '../identities/sync-identity'
import {
  type DatasetRecord,
  type IdentityRef,
  SYNC_LIMITS,
  type SyncCaller,
  type SyncRecord,
} from '../model'
import type { SyncServices } from '../services'
import { countLiveDatasets, type LoadedDataset, loadDataset } from '../store/dataset-repository'
import {
  commitSync,
  type LoadedRecord,
  loadRecords,
  type SyncWrite,
} from '../store/record-repository'
import { onAcceptedSync } from './accepted-sync'
import { modifierOf } from './modifier'
import { type RecordView, recordView } from './record-view'
import { checkSyncSessionToken } from './session-token'
import { syncTriggerStep } from './sync-trigger-step'

/** One patch of an UpdateRecords request. */
export interface RecordPatch {
  op: 'replace' | 'remove'
  key: string
  /** Required for `replace`. */
  value?: string
  /** The record's sync count the client last saw (0: it has never seen the record). */
  syncCount: number
  /** Epoch ms, the device's own clock. */
  deviceLastModifiedDate?: number
}

export interface UpdateRecordsRequest {
  datasetName: string
  patches: RecordPatch[]
  syncSessionToken: string
  deviceId?: string
  /** Where callers reach this Worker: large stream records are sent by a URL under it. */
  origin?: string
}

/** What a sync read: the dataset (absent, a tombstone or live) and each patched record. */
interface SyncRead {
  dataset: LoadedDataset | null
  records: LoadedRecord[]
}

/** The records a sync would write, before the limits are checked and the commit is made. */
export interface ProposedSync {
  syncCount: number
  records: SyncRecord[]
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).byteLength
const bytesOf = (record: SyncRecord | null): number =>
  record === null || record.value === null ? 0 : utf8Length(record.Key) + utf8Length(record.value)
const isLive = (record: SyncRecord | null): boolean => record !== null && record.value !== null

/**
 * UpdateRecords, optimistic: read the dataset and the patched records, check the session and
 * every patch's sync count (one stale count refuses the whole request with
 * ResourceConflictException), propose the new records, then commit with expectations on the
 * dataset record's version and each touched record's. The SyncTrigger belongs between the
 * proposal and the limits: it runs here in the stateless Worker, never inside the identity's
 * object, and if anything changed while it ran, the commit fails and the caller gets
 * ResourceConflictException, as for any concurrent sync. The dataset's sync count rises once per
 * accepted request. Nothing is written unless everything is.
 */
export async function updateRecords(
  services: SyncServices,
  ref: IdentityRef,
  caller: SyncCaller,
  request: UpdateRecordsRequest,
): Promise<RecordView[]> {
  const identity = await requireSyncIdentity(services, ref)
  // Its datasets were copied into the identity kept when it merged: a later write would be lost
  // to that copy, so it is refused (reads and deletions stay, for what could not be copied).
  if (identity.mergedInto !== undefined)
    throw new ResourceNotFoundException(
      `Identity '${ref.identityId}' was merged into '${identity.mergedInto}'; sync that identity.`,
    )
  const { identityId } = ref
  await checkSyncSessionToken(services, identityId, request.datasetName, request.syncSessionToken)
  checkPatches(request.patches)
  if (request.patches.length === 0) return []
  let read = await readForSync(services, identityId, request)
  checkSyncCounts(read, request.patches)
  // before-sync: the SyncTrigger, when there is one, sees the dataset and may rewrite the patches.
  const triggered = await syncTriggerStep(
    services,
    ref,
    caller.kind === 'identity',
    request.datasetName,
    request.patches,
  )
  if (triggered) {
    if (triggered.patches.length === 0) return []
    request = { ...request, patches: triggered.patches }
    read = { ...read, records: triggered.records }
  }
  const proposed = proposeSync(services, read, caller, request)
  const write = await withinLimits(services, identityId, request.datasetName, read, proposed)
  if ((await commitSync(services, identityId, write)) === 'conflict')
    throw new ResourceConflictException(
      'The dataset changed while this request was processed; list its records and try again.',
    )
  await onAcceptedSync(services, {
    identityPoolId: ref.identityPoolId,
    identityId,
    datasetName: request.datasetName,
    syncCount: write.dataset.syncCount,
    records: proposed.records,
    ...(request.deviceId === undefined ? {} : { deviceId: request.deviceId }),
    ...(request.origin === undefined ? {} : { origin: request.origin }),
    callerIsIdentity: caller.kind === 'identity',
    operation: 'replace',
  })
  return proposed.records.map(recordView)
}

/** One patch per key, and a value for every replace. */
function checkPatches(patches: RecordPatch[]): void {
  if (patches.length > SYNC_LIMITS.recordsPerDataset)
    throw new LimitExceededException(
      `A request may patch at most ${SYNC_LIMITS.recordsPerDataset} records.`,
    )
  const keys = new Set<string>()
  for (const patch of patches) {
    if (keys.has(patch.key))
      throw new InvalidParameterException(`Key '${patch.key.slice(0, 128)}' is patched twice.`)
    keys.add(patch.key)
    if (patch.op === 'replace' && patch.value === undefined)
      throw new InvalidParameterException(
        `A replace of key '${patch.key.slice(0, 128)}' must carry a Value.`,
      )
  }
}

async function readForSync(
  services: SyncServices,
  identityId: string,
  request: UpdateRecordsRequest,
): Promise<SyncRead> {
  const [dataset, records] = await Promise.all([
    loadDataset(services, identityId, request.datasetName),
    loadRecords(
      services,
      identityId,
      request.datasetName,
      request.patches.map((patch) => patch.key),
    ),
  ])
  return { dataset, records }
}

/**
 * Every patch must name the record's current sync count: 0 for a record that does not exist (or
 * was removed, whose tombstone's count is accepted too), its count otherwise.
 */
function checkSyncCounts(read: SyncRead, patches: RecordPatch[]): void {
  patches.forEach((patch, i) => {
    const current = read.records[i]!.record
    const expected = current?.syncCount ?? 0
    const accepted = patch.syncCount === expected || (!isLive(current) && patch.syncCount === 0)
    if (!accepted)
      throw new ResourceConflictException(
        `Current SyncCount for: ${patch.key.slice(0, 128)} is: ${expected} not: ${patch.syncCount}`,
      )
  })
}

/** The records the request would write, all at the dataset's next sync count. */
function proposeSync(
  services: SyncServices,
  read: SyncRead,
  caller: SyncCaller,
  request: UpdateRecordsRequest,
): ProposedSync {
  const syncCount = (read.dataset?.record.syncCount ?? 0) + 1
  const now = services.now()
  const lastModifiedBy = modifierOf(caller)
  return {
    syncCount,
    records: request.patches.map((patch) => ({
      Key: patch.key,
      value: patch.op === 'replace' ? patch.value! : null,
      syncCount,
      lastModifiedDate: now,
      lastModifiedBy,
      ...(patch.deviceLastModifiedDate === undefined
        ? {}
        : { deviceLastModifiedDate: patch.deviceLastModifiedDate }),
    })),
  }
}

/**
 * The write, if the dataset stays within Cognito's quotas afterwards (1,024 records, 1 MB of keys
 * and values, and 20 datasets per identity when this sync creates one); LimitExceededException,
 * with nothing written, otherwise.
 */
async function withinLimits(
  services: SyncServices,
  identityId: string,
  datasetName: string,
  read: SyncRead,
  proposed: ProposedSync,
): Promise<SyncWrite> {
  const before = read.dataset?.record
  const live = before !== undefined && !before.deleted
  let numRecords = live ? before.numRecords : 0
  let dataStorage = live ? before.dataStorage : 0
  proposed.records.forEach((record, i) => {
    const current = live ? read.records[i]!.record : null
    numRecords += Number(isLive(record)) - Number(isLive(current))
    dataStorage += bytesOf(record) - bytesOf(current)
  })
  if (numRecords > SYNC_LIMITS.recordsPerDataset)
    throw new LimitExceededException(
      `A dataset may hold at most ${SYNC_LIMITS.recordsPerDataset} records.`,
    )
  if (dataStorage > SYNC_LIMITS.bytesPerDataset)
    throw new LimitExceededException(
      `A dataset may hold at most ${SYNC_LIMITS.bytesPerDataset} bytes of keys and values.`,
    )
  let creating: SyncWrite['creating']
  if (!live) {
    const datasets = await countLiveDatasets(services, identityId)
    if (datasets.count >= SYNC_LIMITS.datasetsPerIdentity)
      throw new LimitExceededException(
        `An identity may have at most ${SYNC_LIMITS.datasetsPerIdentity} datasets.`,
      )
    creating = { catalogueVersion: datasets.catalogueVersion }
  }
  const now = proposed.records[0]!.lastModifiedDate
  // A dataset created again after a deletion keeps only when it was last deleted (and so its
  // sync count goes on rising); it is no longer a merged one.
  const dataset: DatasetRecord = {
    ...(live ? before : {}),
    ...(before?.deletedAtSyncCount === undefined
      ? {}
      : { deletedAtSyncCount: before.deletedAtSyncCount }),
    DatasetName: datasetName,
    creationDate: live ? before.creationDate : now,
    lastModifiedDate: now,
    lastModifiedBy: proposed.records[0]!.lastModifiedBy,
    syncCount: proposed.syncCount,
    numRecords,
    dataStorage,
  }
  return {
    dataset,
    datasetVersion: read.dataset?.version ?? 0,
    // A deleted dataset's records left the store with it: they are expected absent (version 0).
    records: proposed.records.map((record, i) => ({ record, version: read.records[i]!.version })),
    ...(creating ? { creating } : {}),
  }
}
