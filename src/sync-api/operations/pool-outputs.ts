import type { IdentityPoolUsage } from '@aws-sdk/client-cognito-sync'
import type { Wire } from '../../api/target'
import type { PoolUsage } from '../../sync/usage/sync-usage'
import { wireDate } from '../operation'

/** The model's `IdentityPoolUsage` on the wire. */
export const poolUsageOutput = (usage: PoolUsage): Wire<IdentityPoolUsage> => ({
  IdentityPoolId: usage.IdentityPoolId,
  SyncSessionsCount: usage.SyncSessionsCount,
  DataStorage: usage.DataStorage,
  ...(usage.LastModifiedDate !== undefined
    ? { LastModifiedDate: wireDate(usage.LastModifiedDate) }
    : {}),
})
