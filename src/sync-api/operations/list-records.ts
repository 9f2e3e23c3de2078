import type { ListRecordsResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { listRecords as listDatasetRecords } from '../../sync/records/list-records'
import { defineSyncOperation } from '../operation'
import {
  DatasetName,
  IdentityId,
  IdentityPoolId,
  LastSyncCount,
  MaxResults,
  NextToken,
  SyncSessionToken,
} from '../shapes'
import { recordOutput } from './outputs'

export const listRecords = defineSyncOperation<ListRecordsResponse>()({
  name: 'ListRecords',
  method: 'GET',
  path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}/records',
  access: 'identity',
  bindings: {
    query: {
      lastSyncCount: { member: 'LastSyncCount', integer: true },
      nextToken: { member: 'NextToken' },
      maxResults: { member: 'MaxResults', integer: true },
      syncSessionToken: { member: 'SyncSessionToken' },
    },
  },
  input: structure(
    {
      IdentityPoolId,
      IdentityId,
      DatasetName,
      LastSyncCount,
      NextToken,
      MaxResults,
      SyncSessionToken,
    },
    ['IdentityPoolId', 'IdentityId', 'DatasetName'],
  ),
  async handle(input, { services }) {
    const result = await listDatasetRecords(
      services,
      { identityPoolId: input.IdentityPoolId, identityId: input.IdentityId },
      {
        datasetName: input.DatasetName,
        ...(input.LastSyncCount === undefined ? {} : { lastSyncCount: input.LastSyncCount }),
        ...(input.NextToken === undefined ? {} : { nextToken: input.NextToken }),
        ...(input.MaxResults === undefined ? {} : { maxResults: input.MaxResults }),
        ...(input.SyncSessionToken === undefined
          ? {}
          : { syncSessionToken: input.SyncSessionToken }),
      },
    )
    return {
      Records: result.records.map(recordOutput),
      ...(result.nextToken === undefined ? {} : { NextToken: result.nextToken }),
      Count: result.records.length,
      DatasetSyncCount: result.datasetSyncCount,
      ...(result.lastModifiedBy === undefined ? {} : { LastModifiedBy: result.lastModifiedBy }),
      MergedDatasetNames: result.mergedDatasetNames,
      DatasetExists: result.datasetExists,
      DatasetDeletedAfterRequestedSyncCount: result.datasetDeletedAfterRequestedSyncCount,
      SyncSessionToken: result.syncSessionToken,
    }
  },
})
