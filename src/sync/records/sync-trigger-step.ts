import { InvalidLambdaFunctionOutputException } from '../../errors/sync'
import { applySyncTrigger, syncTriggerOf } from '../events/run-sync-trigger'
import { type IdentityRef, SYNC_LIMITS } from '../model'
import type { SyncServices } from '../services'
import { type LoadedRecord, loadAllRecords } from '../store/record-repository'

/** A patch as UpdateRecords checked it (its sync count matched the stored record's). */
interface CheckedRecordPatch {
  op: 'replace' | 'remove'
  key: string
  value?: string
  syncCount: number
  deviceLastModifiedDate?: number
}

/**
 * UpdateRecords' before-sync point. When the pool has a SyncTrigger and the caller invokes it,
 * reads the whole dataset (the function sees every record), runs the function and answers the
 * patches it asked for with each touched record as read before it ran: the caller commits with
 * expectations on those versions and on the dataset's, so a sync that got in while the function
 * ran makes the commit fail (ResourceConflictException) rather than be overwritten. Undefined
 * when there is no trigger to run. Records the function added are held to the model's lengths.
 */
export async function syncTriggerStep(
  services: SyncServices,
  ref: IdentityRef,
  callerIsIdentity: boolean,
  datasetName: string,
  patches: readonly CheckedRecordPatch[],
): Promise<{ patches: CheckedRecordPatch[]; records: LoadedRecord[] } | undefined> {
  if (!(await syncTriggerOf(services, ref.identityPoolId, callerIsIdentity))) return undefined
  const stored = await loadAllRecords(services, ref.identityId, datasetName)
  const current = new Map<string, string>()
  for (const [key, { record }] of stored)
    if (record?.value !== null && record?.value !== undefined) current.set(key, record.value)
  const rewritten = await applySyncTrigger(services, {
    ...ref,
    datasetName,
    callerIsIdentity,
    current,
    patches,
  })
  const sent = new Map(patches.map((patch) => [patch.key, patch]))
  const answer: CheckedRecordPatch[] = []
  const records: LoadedRecord[] = []
  for (const patch of rewritten) {
    const keyLength = [...patch.key].length
    if (keyLength < 1 || keyLength > SYNC_LIMITS.recordKeyLength)
      throw new InvalidLambdaFunctionOutputException(
        `The SyncTrigger function returned a record key of ${keyLength} characters.`,
      )
    if (patch.value !== undefined && [...patch.value].length > SYNC_LIMITS.recordValueLength)
      throw new InvalidLambdaFunctionOutputException(
        'The SyncTrigger function returned a record value over the length limit.',
      )
    const read = stored.get(patch.key) ?? { record: null, version: 0 }
    const deviceDate = sent.get(patch.key)?.deviceLastModifiedDate
    answer.push({
      op: patch.op,
      key: patch.key,
      ...(patch.value !== undefined ? { value: patch.value } : {}),
      syncCount: read.record?.syncCount ?? 0,
      ...(deviceDate !== undefined ? { deviceLastModifiedDate: deviceDate } : {}),
    })
    records.push(read)
  }
  return { patches: answer, records }
}
