import type { SubscribeToDatasetResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { subscribeToDataset as subscribe } from '../../sync/devices/devices'
import { requireSyncIdentity } from '../../sync/identities/sync-identity'
import { defineSyncOperation } from '../operation'
import { DeviceId } from '../pool-shapes'
import { DatasetName, IdentityId, IdentityPoolId } from '../shapes'

export const subscribeToDataset = defineSyncOperation<SubscribeToDatasetResponse>()({
  name: 'SubscribeToDataset',
  method: 'POST',
  path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}/subscriptions/{DeviceId}',
  access: 'identity',
  input: structure({ IdentityPoolId, IdentityId, DatasetName, DeviceId }, [
    'IdentityPoolId',
    'IdentityId',
    'DatasetName',
    'DeviceId',
  ]),
  async handle(input, { services }) {
    await requireSyncIdentity(services, {
      identityPoolId: input.IdentityPoolId,
      identityId: input.IdentityId,
    })
    await subscribe(
      services,
      input.IdentityPoolId,
      input.IdentityId,
      input.DatasetName,
      input.DeviceId,
    )
    return {}
  },
})
