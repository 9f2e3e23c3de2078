import type { UpdateRecordsResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { updateRecords as updateDatasetRecords } from '../../sync/records/update-records'
import { defineSyncOperation } from '../operation'
import {
  ClientContext,
  DatasetName,
  DeviceId,
  IdentityId,
  IdentityPoolId,
  RecordPatches,
  SyncSessionToken,
} from '../shapes'
import { recordOutput } from './outputs'

export const updateRecords = defineSyncOperation<UpdateRecordsResponse>()({
  name: 'UpdateRecords',
  method: 'POST',
  path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}',
  access: 'identity',
  // Accepted and not read: the model says ClientContext "is not yet implemented".
  bindings: { headers: { 'x-amz-client-context': 'ClientContext' } },
  input: structure(
    {
      IdentityPoolId,
      IdentityId,
      DatasetName,
      DeviceId,
      RecordPatches,
      SyncSessionToken,
      ClientContext,
    },
    ['IdentityPoolId', 'IdentityId', 'DatasetName', 'SyncSessionToken'],
  ),
  async handle(input, { services, caller, origin }) {
    const records = await updateDatasetRecords(
      services,
      { identityPoolId: input.IdentityPoolId, identityId: input.IdentityId },
      caller,
      {
        datasetName: input.DatasetName,
        syncSessionToken: input.SyncSessionToken,
        ...(input.DeviceId === undefined ? {} : { deviceId: input.DeviceId }),
        origin,
        patches: (input.RecordPatches ?? []).map((patch) => ({
          op: patch.Op,
          key: patch.Key,
          ...(patch.Value === undefined ? {} : { value: patch.Value }),
          syncCount: patch.SyncCount,
          ...(patch.DeviceLastModifiedDate === undefined
            ? {}
            : { deviceLastModifiedDate: patch.DeviceLastModifiedDate }),
        })),
      },
    )
    return { Records: records.map(recordOutput) }
  },
})
