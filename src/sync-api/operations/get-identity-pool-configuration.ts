import type { GetIdentityPoolConfigurationResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { poolSyncConfiguration } from '../../sync/configuration/pool-configuration'
import { requireSyncPool } from '../../sync/configuration/sync-pool'
import { defineSyncOperation } from '../operation'
import { IdentityPoolId } from '../shapes'

export const getIdentityPoolConfiguration =
  defineSyncOperation<GetIdentityPoolConfigurationResponse>()({
    name: 'GetIdentityPoolConfiguration',
    method: 'GET',
    path: '/identitypools/{IdentityPoolId}/configuration',
    access: 'admin',
    input: structure({ IdentityPoolId }, ['IdentityPoolId']),
    async handle(input, { services }) {
      await requireSyncPool(services, input.IdentityPoolId)
      const configuration = await poolSyncConfiguration(services, input.IdentityPoolId)
      return { IdentityPoolId: input.IdentityPoolId, ...configuration }
    },
  })
