import type { SetIdentityPoolConfigurationResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { setPoolSyncConfiguration } from '../../sync/configuration/pool-configuration'
import { requireSyncPool } from '../../sync/configuration/sync-pool'
import { defineSyncOperation } from '../operation'
import { CognitoStreams, PushSync } from '../pool-shapes'
import { IdentityPoolId } from '../shapes'

export const setIdentityPoolConfiguration =
  defineSyncOperation<SetIdentityPoolConfigurationResponse>()({
    name: 'SetIdentityPoolConfiguration',
    method: 'POST',
    path: '/identitypools/{IdentityPoolId}/configuration',
    access: 'admin',
    input: structure({ IdentityPoolId, PushSync, CognitoStreams }, ['IdentityPoolId']),
    async handle(input, { services }) {
      await requireSyncPool(services, input.IdentityPoolId)
      const configuration = await setPoolSyncConfiguration(services, input.IdentityPoolId, {
        ...(input.PushSync ? { PushSync: input.PushSync } : {}),
        ...(input.CognitoStreams ? { CognitoStreams: input.CognitoStreams } : {}),
      })
      return { IdentityPoolId: input.IdentityPoolId, ...configuration }
    },
  })
