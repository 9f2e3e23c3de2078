import type { CognitoSyncClient } from '@aws-sdk/client-cognito-sync'
import { type ConflictResolution, SyncConflict, mostRecentWins } from './conflict'
import type { LocalDataset, LocalRecord } from './local-store'
import { type SyncRecord, sameWrite, toSyncRecord } from './records'
import { type DatasetAddress, type Patch, isConflict, pullRecords, pushRecords } from './remote'

type Answer<T> = T | Promise<T>

/**
 * What `synchronize` asks the app when the server's data and this device's disagree; `D` is the
 * dataset handed to each callback (`Dataset`: see `SyncOptions` in dataset.ts).
 */
export interface DatasetSyncOptions<D> {
  /**
   * Settles keys changed both here and on the server: answer one `resolveWith…` per conflict, or
   * false to stop the synchronize with nothing of the pull applied. Without it the more recent
   * change wins (`mostRecentWins`).
   */
  onConflict?(dataset: D, conflicts: SyncConflict[]): Answer<ConflictResolution[] | false>
  /**
   * The dataset was deleted on the server since the last pull: answer true to delete this
   * device's copy (and pull whatever the server has now), false to keep it and stop. Without it
   * the copy is kept and the synchronize stops, as Cognito's clients do.
   */
  onDatasetDeleted?(dataset: D, datasetName: string): Answer<boolean>
  /**
   * Other identities' datasets were merged into this one's (an identity linked to a login that
   * had its own identity) under these names: answer true to go on, false to stop. Without it the
   * synchronize goes on; the merged datasets wait on the server for the app to open them.
   */
  onDatasetsMerged?(dataset: D, datasetNames: string[]): Answer<boolean>
}

/** What a synchronize did. */
export interface SyncResult {
  /** `stopped` when a callback answered false; `reason` says which. */
  status: 'synchronized' | 'stopped'
  reason?: 'conflict' | 'datasetDeleted' | 'datasetsMerged'
  /** Records the pull changed on this device (the server's values taken). */
  pulled: SyncRecord[]
  /** Records the server accepted from this device, as it stored them. */
  pushed: SyncRecord[]
  /** Conflicts settled, over every attempt. */
  conflicts: number
  /** Pulls made: more than one when a push met a newer write and was retried. */
  attempts: number
  mergedDatasetNames: string[]
  /** The dataset's sync count as this device now knows it. */
  lastSyncCount: number
}

/** Thrown when every attempt's push met a newer write (ResourceConflictException). */
export class SyncConflictRetriesExhausted extends Error {
  override readonly name = 'SyncConflictRetriesExhausted'
}

/** What the algorithm needs of a dataset. */
export interface SyncTarget<D> {
  dataset: D
  client: CognitoSyncClient
  address: DatasetAddress
  read(): Promise<LocalDataset>
  update(change: (dataset: LocalDataset) => void): Promise<LocalDataset>
  deviceId?: string
  maxAttempts: number
  /** Epoch ms, to date a value chosen by `resolveWithValue`. */
  now(): number
}

/**
 * One synchronize: pull, settle, push; on ResourceConflictException pull again and retry. Local
 * writes may go on meanwhile: every change to the cache re-checks the record against the copy the
 * step started from, and a record written since is kept as this device's newer change.
 */
export async function synchronizeDataset<D>(
  target: SyncTarget<D>,
  options: DatasetSyncOptions<D>,
): Promise<SyncResult> {
  const result: SyncResult = {
    status: 'synchronized',
    pulled: [],
    pushed: [],
    conflicts: 0,
    attempts: 0,
    mergedDatasetNames: [],
    lastSyncCount: 0,
  }
  const stop = (reason: SyncResult['reason'] & string): SyncResult => ({
    ...result,
    status: 'stopped',
    reason,
  })
  // A pull that finds the dataset deleted, when the app discards its copy, does not count as an
  // attempt: the next pull starts from nothing, so it happens at most once.
  let restartedAfterDeletion = false
  while (result.attempts < target.maxAttempts) {
    result.attempts++
    const before = await target.read()
    result.lastSyncCount = before.lastSyncCount
    const pulled = await pullRecords(target.client, target.address, before.lastSyncCount)

    if (pulled.deletedAfterLastSync && !restartedAfterDeletion) {
      const discard =
        (await options.onDatasetDeleted?.(target.dataset, target.address.datasetName)) ?? false
      if (!discard) return stop('datasetDeleted')
      await target.update((dataset) => {
        dataset.lastSyncCount = 0
        dataset.records = {}
      })
      restartedAfterDeletion = true
      result.attempts--
      continue
    }
    if (pulled.mergedDatasetNames.length > 0) {
      result.mergedDatasetNames = pulled.mergedDatasetNames
      const goOn =
        (await options.onDatasetsMerged?.(target.dataset, pulled.mergedDatasetNames)) ?? true
      if (!goOn) return stop('datasetsMerged')
    }

    // Sort the pull: records this device has not changed take the server's value; records both
    // changed are conflicts; records already seen (re-pulled) are skipped.
    const taken: Array<{ key: string; record: LocalRecord }> = []
    const conflicts: SyncConflict[] = []
    for (const { key, record } of pulled.records) {
      const local = before.records[key]
      if (local && record.syncCount <= local.syncCount) continue
      if (!local?.dirty || local.value === record.value) taken.push({ key, record })
      else conflicts.push(new SyncConflict(toSyncRecord(key, local), toSyncRecord(key, record)))
    }
    const resolutions = await settle(target.dataset, conflicts, options)
    if (resolutions === false) return stop('conflict')
    result.conflicts += conflicts.length

    const remoteByKey = new Map(pulled.records.map(({ key, record }) => [key, record]))
    const pulledChanges: SyncRecord[] = []
    await target.update((dataset) => {
      const apply = (key: string, next: LocalRecord) => {
        const current = dataset.records[key]
        if (!sameWrite(current, before.records[key]) && current) {
          // Written during this synchronize: the newest change of all, pushed over the server's.
          dataset.records[key] = { ...current, syncCount: remoteByKey.get(key)!.syncCount }
          return
        }
        dataset.records[key] = next
        if (!next.dirty) pulledChanges.push(toSyncRecord(key, next))
      }
      for (const { key, record } of taken) apply(key, record)
      for (const resolution of resolutions) {
        const remote = remoteByKey.get(resolution.key)!
        const local = before.records[resolution.key]!
        if (resolution.take === 'remote') apply(resolution.key, remote)
        else if (resolution.take === 'local')
          apply(resolution.key, { ...local, syncCount: remote.syncCount })
        else
          apply(resolution.key, {
            ...local,
            value: resolution.value,
            syncCount: remote.syncCount,
            deviceLastModifiedDate: Math.max(target.now(), local.deviceLastModifiedDate),
            dirty: true,
          })
      }
      dataset.lastSyncCount = Math.max(dataset.lastSyncCount, pulled.datasetSyncCount)
    })
    result.pulled.push(...pulledChanges)
    result.lastSyncCount = Math.max(result.lastSyncCount, pulled.datasetSyncCount)

    const current = await target.read()
    const patches: Patch[] = Object.entries(current.records)
      .filter(([, record]) => record.dirty)
      .map(([key, record]) => ({ key, record }))
    if (patches.length === 0) return result

    // UpdateRecords requires the session ListRecords opened; a server that answered none is broken.
    if (!pulled.syncSessionToken)
      throw new Error('synchronize: ListRecords answered no SyncSessionToken')
    let stored: Awaited<ReturnType<typeof pushRecords>>
    try {
      stored = await pushRecords(target.client, target.address, patches, {
        syncSessionToken: pulled.syncSessionToken,
        ...(target.deviceId ? { deviceId: target.deviceId } : {}),
      })
    } catch (error) {
      if (isConflict(error)) continue
      throw error
    }

    const sent = new Map(patches.map(({ key, record }) => [key, record]))
    const newCount = Math.max(0, ...stored.map(({ record }) => record.syncCount))
    const after = await target.update((dataset) => {
      for (const { key, record } of stored) {
        const currentRecord = dataset.records[key]
        if (currentRecord && !sameWrite(currentRecord, sent.get(key)))
          // Written again since the push: still to push, now against the stored sync count.
          dataset.records[key] = { ...currentRecord, syncCount: record.syncCount }
        else dataset.records[key] = record
      }
      // The request raised the dataset's count by one; if it rose more, another device wrote
      // between the pull and the push, and the next pull must still fetch that write.
      if (newCount === pulled.datasetSyncCount + 1)
        dataset.lastSyncCount = Math.max(dataset.lastSyncCount, newCount)
    })
    result.pushed.push(...stored.map(({ key, record }) => toSyncRecord(key, record)))
    result.lastSyncCount = after.lastSyncCount
    return result
  }
  throw new SyncConflictRetriesExhausted(
    `synchronize: ${target.maxAttempts} pushes of ${target.address.datasetName} met newer writes`,
  )
}

async function settle<D>(
  dataset: D,
  conflicts: SyncConflict[],
  options: DatasetSyncOptions<D>,
): Promise<ConflictResolution[] | false> {
  if (conflicts.length === 0) return []
  if (!options.onConflict) return conflicts.map(mostRecentWins)
  const resolutions = await options.onConflict(dataset, conflicts)
  if (resolutions === false) return false
  const settled = new Set(resolutions.map((resolution) => resolution.key))
  const unsettled = conflicts.filter((conflict) => !settled.has(conflict.key))
  if (unsettled.length > 0)
    throw new TypeError(
      `onConflict must resolve every conflict; unresolved: ${unsettled.map((c) => c.key).join(', ')}`,
    )
  return resolutions
}
