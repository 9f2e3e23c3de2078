/** One record of a SyncTrigger event: its value before the sync and the value the sync writes. */
export interface SyncTriggerRecord {
  oldValue?: string | null
  newValue?: string | null
  op: 'replace' | 'remove'
}

/** Cognito's SyncTrigger event (cognito-events.md), version 2. */
export interface SyncTriggerEvent {
  version: 2
  eventType: 'SyncTrigger'
  region: string
  identityPoolId: string
  identityId: string
  datasetName: string
  datasetRecords: Record<string, SyncTriggerRecord>
}

/** A patch of UpdateRecords after its SyncCount was checked. */
export interface CheckedPatch {
  op: 'replace' | 'remove'
  key: string
  value?: string
}

/**
 * The event for one UpdateRecords: every record the dataset holds (Cognito hands the function all
 * of them), each with its current value as `oldValue`; a patched record carries the patch's `op`
 * and `newValue`, an untouched one its current value as both. A patch of a record the dataset does
 * not hold yet has no `oldValue`.
 */
export function syncTriggerEvent(input: {
  region: string
  identityPoolId: string
  identityId: string
  datasetName: string
  /** The dataset's live records, key to value. */
  current: ReadonlyMap<string, string>
  patches: readonly CheckedPatch[]
}): SyncTriggerEvent {
  const datasetRecords: Record<string, SyncTriggerRecord> = {}
  for (const [key, value] of input.current)
    datasetRecords[key] = { oldValue: value, newValue: value, op: 'replace' }
  for (const patch of input.patches) {
    const oldValue = input.current.get(patch.key)
    datasetRecords[patch.key] = {
      ...(oldValue !== undefined ? { oldValue } : {}),
      newValue: patch.op === 'remove' ? null : (patch.value ?? null),
      op: patch.op,
    }
  }
  return {
    version: 2,
    eventType: 'SyncTrigger',
    region: input.region,
    identityPoolId: input.identityPoolId,
    identityId: input.identityId,
    datasetName: input.datasetName,
    datasetRecords,
  }
}
