import {
  type CognitoSyncClient,
  ListRecordsCommand,
  type RecordPatch,
  UpdateRecordsCommand,
} from '@aws-sdk/client-cognito-sync'

export /** One pull-then-push, as Cognito's clients sync: ListRecords for a session, then UpdateRecords. */
async function push(
  sync: CognitoSyncClient,
  at: { poolId: string; identityId: string },
  datasetName: string,
  patches: RecordPatch[],
  extra: { DeviceId?: string } = {},
) {
  const pulled = await sync.send(
    new ListRecordsCommand({
      IdentityPoolId: at.poolId,
      IdentityId: at.identityId,
      DatasetName: datasetName,
    }),
  )
  return sync.send(
    new UpdateRecordsCommand({
      IdentityPoolId: at.poolId,
      IdentityId: at.identityId,
      DatasetName: datasetName,
      SyncSessionToken: pulled.SyncSessionToken!,
      RecordPatches: patches,
      ...extra,
    }),
  )
}

export const pull = (
  sync: CognitoSyncClient,
  at: { poolId: string; identityId: string },
  datasetName: string,
  more: { LastSyncCount?: number; MaxResults?: number; NextToken?: string } = {},
) =>
  sync.send(
    new ListRecordsCommand({
      IdentityPoolId: at.poolId,
      IdentityId: at.identityId,
      DatasetName: datasetName,
      ...more,
    }),
  )

export const replace = (Key: string, Value: string, SyncCount = 0): RecordPatch => ({
  Op: 'replace',
  Key,
  Value,
  SyncCount,
})
