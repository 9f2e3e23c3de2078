import {
  DeleteIdentitiesCommand,
  DeleteIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  DescribeIdentityPoolUsageCommand,
  DescribeIdentityUsageCommand,
  InvalidParameterException,
  ListDatasetsCommand,
  ListIdentityPoolUsageCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import type { RecordStore } from '../../../src/storage/record-store'
import { setPoolSyncConfiguration } from '../../../src/sync/configuration/pool-configuration'
import { syncFixture } from '../support/sync-fixture'
import { push, replace } from '../support/sync-records'

/** Every live record of a store, whatever its family. */
async function everything(store: RecordStore) {
  return (await store.list<unknown>('')).records
}

describe('deleting identities and identity pools deletes their sync data', () => {
  it('DeleteIdentities: the identity answers as unknown, its data is gone, pool usage drops', async () => {
    const t = await syncFixture()
    const me = await t.device()
    const other = await t.device()
    await push(me.sync, { poolId: t.poolId, identityId: me.identityId }, 'game', [
      replace('level', '12345'),
    ])
    await push(other.sync, { poolId: t.poolId, identityId: other.identityId }, 'game', [
      replace('level', '7'),
    ])
    await t.app.settled()
    const usage = () =>
      t.adminSync.send(new DescribeIdentityPoolUsageCommand({ IdentityPoolId: t.poolId }))
    expect((await usage()).IdentityPoolUsage).toMatchObject({
      SyncSessionsCount: 2,
      DataStorage: 'level12345'.length + 'level7'.length,
    })

    await t.identity.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [me.identityId] }))

    const at = { IdentityPoolId: t.poolId, IdentityId: me.identityId }
    await expect(t.adminSync.send(new ListDatasetsCommand(at))).rejects.toBeInstanceOf(
      InvalidParameterException,
    )
    await expect(t.adminSync.send(new DescribeIdentityUsageCommand(at))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    )
    expect((await usage()).IdentityPoolUsage).toMatchObject({
      SyncSessionsCount: 1,
      DataStorage: 'level7'.length,
    })
    const { stores } = t.app.runtime.services
    expect(await everything(stores.syncData(me.identityId))).toEqual([])
    expect(await everything(stores.syncData(other.identityId))).not.toEqual([])
  })

  it("DeleteIdentityPool: every identity's data, the pool's settings and its usage go", async () => {
    const t = await syncFixture()
    const me = await t.device()
    await setPoolSyncConfiguration(t.app.runtime.services, t.poolId, {
      CognitoStreams: {
        StreamName: 'sync-stream',
        RoleArn: 'arn:aws:iam::123456789012:role/streams',
        StreamingStatus: 'DISABLED',
      },
    })
    await push(me.sync, { poolId: t.poolId, identityId: me.identityId }, 'game', [
      replace('level', '3'),
    ])
    await t.app.settled()
    const listed = async () =>
      (await t.adminSync.send(new ListIdentityPoolUsageCommand({}))).IdentityPoolUsages!.map(
        (u) => u.IdentityPoolId,
      )
    expect(await listed()).toContain(t.poolId)

    await t.identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: t.poolId }))

    expect(await listed()).not.toContain(t.poolId)
    await expect(
      t.adminSync.send(new DescribeIdentityPoolUsageCommand({ IdentityPoolId: t.poolId })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    const { stores } = t.app.runtime.services
    expect(await everything(stores.syncData(me.identityId))).toEqual([])
    expect(await everything(stores.identityPool(t.poolId))).toEqual([])
  })
})
