import {
  type CognitoSyncClient,
  DeleteDatasetCommand,
  ListRecordsCommand,
  type _Record as WireRecord,
  UpdateRecordsCommand,
} from '@aws-sdk/client-cognito-sync'
import type { LocalRecord } from './local-store'

/** Where one identity's dataset lives on the server. */
export interface DatasetAddress {
  identityPoolId: string
  identityId: string
  datasetName: string
}

/** What one pull (every page of ListRecords) brought. */
export interface Pulled {
  records: Array<{ key: string; record: LocalRecord }>
  /** The dataset's sync count as of the first page: a later page can only be newer. */
  datasetSyncCount: number
  datasetExists: boolean
  deletedAfterLastSync: boolean
  mergedDatasetNames: string[]
  syncSessionToken?: string
}

/** ListRecords from `lastSyncCount`, every page, on one sync session. */
export async function pullRecords(
  client: CognitoSyncClient,
  address: DatasetAddress,
  lastSyncCount: number,
): Promise<Pulled> {
  const pulled: Pulled = {
    records: [],
    datasetSyncCount: 0,
    datasetExists: false,
    deletedAfterLastSync: false,
    mergedDatasetNames: [],
  }
  let nextToken: string | undefined
  let first = true
  do {
    const page = await client.send(
      new ListRecordsCommand({
        IdentityPoolId: address.identityPoolId,
        IdentityId: address.identityId,
        DatasetName: address.datasetName,
        LastSyncCount: lastSyncCount,
        ...(nextToken ? { NextToken: nextToken } : {}),
        ...(pulled.syncSessionToken ? { SyncSessionToken: pulled.syncSessionToken } : {}),
      }),
    )
    if (first) {
      pulled.datasetSyncCount = page.DatasetSyncCount ?? 0
      pulled.datasetExists = page.DatasetExists ?? false
      pulled.deletedAfterLastSync = page.DatasetDeletedAfterRequestedSyncCount ?? false
      pulled.mergedDatasetNames = page.MergedDatasetNames ?? []
      first = false
    }
    if (page.SyncSessionToken) pulled.syncSessionToken = page.SyncSessionToken
    for (const record of page.Records ?? []) {
      if (record.Key !== undefined)
        pulled.records.push({ key: record.Key, record: fromWire(record) })
    }
    nextToken = page.NextToken
  } while (nextToken)
  return pulled
}

/** One change to push: the cached record as it was sent. */
export interface Patch {
  key: string
  record: LocalRecord
}

/**
 * UpdateRecords with every patch in one request, so the server takes all or none; answers the
 * records as the server stored them. A stale patch fails the whole request with
 * ResourceConflictException, which the caller handles (`isConflict`).
 */
export async function pushRecords(
  client: CognitoSyncClient,
  address: DatasetAddress,
  patches: Patch[],
  options: { syncSessionToken: string; deviceId?: string },
): Promise<Array<{ key: string; record: LocalRecord }>> {
  const answer = await client.send(
    new UpdateRecordsCommand({
      IdentityPoolId: address.identityPoolId,
      IdentityId: address.identityId,
      DatasetName: address.datasetName,
      SyncSessionToken: options.syncSessionToken,
      ...(options.deviceId ? { DeviceId: options.deviceId } : {}),
      RecordPatches: patches.map(({ key, record }) => ({
        Key: key,
        SyncCount: record.syncCount,
        DeviceLastModifiedDate: new Date(record.deviceLastModifiedDate),
        ...(record.value === null
          ? { Op: 'remove' as const }
          : { Op: 'replace' as const, Value: record.value }),
      })),
    }),
  )
  return (answer.Records ?? []).flatMap((record) =>
    record.Key === undefined ? [] : [{ key: record.Key, record: fromWire(record) }],
  )
}

/** DeleteDataset; a dataset the server no longer has counts as deleted. */
export async function deleteRemoteDataset(
  client: CognitoSyncClient,
  address: DatasetAddress,
): Promise<void> {
  try {
    await client.send(
      new DeleteDatasetCommand({
        IdentityPoolId: address.identityPoolId,
        IdentityId: address.identityId,
        DatasetName: address.datasetName,
      }),
    )
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error
  }
}

/** Whether UpdateRecords refused a stale SyncCount (someone else wrote first). */
export function isConflict(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceConflictException'
}

/** A server record as cached: clean, a missing value a tombstone. */
function fromWire(record: WireRecord): LocalRecord {
  const lastModified = record.LastModifiedDate?.getTime()
  return {
    value: record.Value ?? null,
    syncCount: record.SyncCount ?? 0,
    ...(lastModified !== undefined ? { lastModifiedDate: lastModified } : {}),
    ...(record.LastModifiedBy !== undefined ? { lastModifiedBy: record.LastModifiedBy } : {}),
    // Dated by the writing device when the server kept its date, else by the server's.
    deviceLastModifiedDate: record.DeviceLastModifiedDate?.getTime() ?? lastModified ?? 0,
    dirty: false,
  }
}
