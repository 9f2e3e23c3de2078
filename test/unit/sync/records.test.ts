import {
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  DescribeIdentityUsageCommand,
  InvalidParameterException,
  ListDatasetsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateRecordsCommand,
} from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import { type SyncFixture, syncFixture } from '../support/sync-fixture'
import { pull, push, replace } from '../support/sync-records'

async function guest(t: SyncFixture) {
  const device = await t.device()
  return { ...device, at: { poolId: t.poolId, identityId: device.identityId } }
}

describe('ListRecords and UpdateRecords', () => {
  it('round-trips records: sync counts, tombstones, dataset counters, who changed what', async () => {
    const t = await syncFixture()
    const me = await guest(t)
    const empty = await pull(me.sync, me.at, 'settings')
    expect(empty).toMatchObject({
      Records: [],
      DatasetExists: false,
      DatasetDeletedAfterRequestedSyncCount: false,
      DatasetSyncCount: 0,
      MergedDatasetNames: [],
    })
    expect(empty.SyncSessionToken).toEqual(expect.any(String))

    const device = new Date('2026-01-02T03:04:05Z')
    const written = await push(me.sync, me.at, 'settings', [
      { ...replace('theme', 'dark'), DeviceLastModifiedDate: device },
      replace('volume', '7'),
    ])
    expect(written.Records).toHaveLength(2)
    expect(written.Records![0]).toMatchObject({
      Key: 'theme',
      Value: 'dark',
      SyncCount: 1,
      LastModifiedBy: me.identityId,
      DeviceLastModifiedDate: device,
      LastModifiedDate: new Date(t.app.now()),
    })

    const all = await pull(me.sync, me.at, 'settings')
    expect(all).toMatchObject({
      DatasetExists: true,
      DatasetSyncCount: 1,
      LastModifiedBy: me.identityId,
      Count: 2,
    })
    expect(all.Records!.map((r) => [r.Key, r.Value, r.SyncCount])).toEqual([
      ['theme', 'dark', 1],
      ['volume', '7', 1],
    ])

    t.app.advance(1000)
    await push(me.sync, me.at, 'settings', [{ Op: 'remove', Key: 'theme', SyncCount: 1 }])
    const changed = await pull(me.sync, me.at, 'settings', { LastSyncCount: 1 })
    expect(changed.DatasetSyncCount).toBe(2)
    expect(changed.Records).toHaveLength(1)
    expect(changed.Records![0]).toMatchObject({ Key: 'theme', SyncCount: 2 })
    expect(changed.Records![0]!.Value).toBeUndefined()

    const { Dataset } = await me.sync.send(
      new DescribeDatasetCommand({
        IdentityPoolId: t.poolId,
        IdentityId: me.identityId,
        DatasetName: 'settings',
      }),
    )
    expect(Dataset).toMatchObject({
      DatasetName: 'settings',
      IdentityId: me.identityId,
      NumRecords: 1,
      DataStorage: 'volume'.length + '7'.length,
      LastModifiedBy: me.identityId,
    })
    expect(Dataset!.LastModifiedDate!.getTime()).toBeGreaterThan(Dataset!.CreationDate!.getTime())
    const listed = await me.sync.send(
      new ListDatasetsCommand({ IdentityPoolId: t.poolId, IdentityId: me.identityId }),
    )
    expect(listed.Datasets!.map((d) => d.DatasetName)).toEqual(['settings'])
  })

  it('keeps who wrote with an admin key as the account', async () => {
    const t = await syncFixture()
    const me = await guest(t)
    const written = await push(t.adminSync, me.at, 'notes', [replace('a', '1')])
    expect(written.Records![0]!.LastModifiedBy).toBe('000000000000')
  })

  it('refuses the whole request on one stale sync count, and writes nothing', async () => {
    const t = await syncFixture()
    const me = await guest(t)
    await push(me.sync, me.at, 'game', [replace('score', '10'), replace('level', '1')])
    const refused = await push(me.sync, me.at, 'game', [
      replace('level', '2', 1),
      replace('score', '99', 0),
    ]).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ResourceConflictException)
    expect((refused as ResourceConflictException).$metadata.httpStatusCode).toBe(409)
    const after = await pull(me.sync, me.at, 'game')
    expect(after.DatasetSyncCount).toBe(1)
    expect(after.Records!.map((r) => [r.Key, r.Value])).toEqual([
      ['level', '1'],
      ['score', '10'],
    ])
  })

  it('raises the dataset’s sync count once per accepted request, one of two racing pushes', async () => {
    const t = await syncFixture()
    const me = await guest(t)
    const outcomes = await Promise.allSettled([
      push(me.sync, me.at, 'race', [replace('k', 'first')]),
      push(me.sync, me.at, 'race', [replace('k', 'second')]),
    ])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toBeInstanceOf(ResourceConflictException)
    expect((await pull(me.sync, me.at, 'race')).DatasetSyncCount).toBe(1)
  })

  it('requires a SyncSessionToken of this identity’s dataset, within its hour', async () => {
    const t = await syncFixture()
    const me = await guest(t)
    const other = await pull(me.sync, me.at, 'other')
    const send = (SyncSessionToken: string, sync = me.sync) =>
      sync.send(
        new UpdateRecordsCommand({
          IdentityPoolId: t.poolId,
          IdentityId: me.identityId,
          DatasetName: 'mine',
          SyncSessionToken,
          RecordPatches: [replace('a', '1')],
        }),
      )
    await expect(send(other.SyncSessionToken!)).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(send('forged')).rejects.toBeInstanceOf(InvalidParameterException)
    const mine = await pull(me.sync, me.at, 'mine')
    t.app.advance(3_600_001)
    // The identity's credentials lapse with the hour too: the admin key presents the old session.
    await expect(send(mine.SyncSessionToken!, t.adminSync)).rejects.toBeInstanceOf(
      InvalidParameterException,
    )
    expect((await pull(t.adminSync, me.at, 'mine')).DatasetExists).toBe(false)
  })

  it('pages records with MaxResults and a NextToken bound to the listing', async () => {
    const t = await syncFixture()
    const me = await guest(t)
    await push(
      me.sync,
      me.at,
      'paged',
      ['a', 'b', 'c', 'd', 'e'].map((k) => replace(k, k)),
    )
    const keys: string[] = []
    let next: string | undefined
    do {
      const page = await pull(me.sync, me.at, 'paged', {
        MaxResults: 2,
        ...(next ? { NextToken: next } : {}),
      })
      expect(page.Records!.length).toBeLessThanOrEqual(2)
      keys.push(...page.Records!.map((r) => r.Key!))
      next = page.NextToken
    } while (next)
    expect(keys).toEqual(['a', 'b', 'c', 'd', 'e'])
    const first = await pull(me.sync, me.at, 'paged', { MaxResults: 2 })
    await expect(
      pull(me.sync, me.at, 'other', { NextToken: first.NextToken! }),
    ).rejects.toBeInstanceOf(InvalidParameterException)
  })

  it('deletes a dataset: gone to Describe, and ListRecords tells a device that synced before', async () => {
    const t = await syncFixture()
    const me = await guest(t)
    await push(me.sync, me.at, 'temp', [replace('a', '1')])
    const at = { IdentityPoolId: t.poolId, IdentityId: me.identityId, DatasetName: 'temp' }
    const deleted = await me.sync.send(new DeleteDatasetCommand(at))
    expect(deleted.Dataset).toMatchObject({ DatasetName: 'temp', NumRecords: 1 })
    await expect(me.sync.send(new DescribeDatasetCommand(at))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    )
    await expect(me.sync.send(new DeleteDatasetCommand(at))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    )
    expect(await pull(me.sync, me.at, 'temp', { LastSyncCount: 1 })).toMatchObject({
      DatasetExists: false,
      DatasetDeletedAfterRequestedSyncCount: true,
      Records: [],
    })
    expect(await pull(me.sync, me.at, 'temp')).toMatchObject({
      DatasetDeletedAfterRequestedSyncCount: false,
    })
    // Created again, it counts on from the deletion, and its old records are gone.
    const again = await push(me.sync, me.at, 'temp', [replace('b', '2')])
    expect(again.Records![0]!.SyncCount).toBe(3)
    const now = await pull(me.sync, me.at, 'temp')
    expect(now.Records!.map((r) => r.Key)).toEqual(['b'])
    expect(now.DatasetExists).toBe(true)
  })

  it('describes the identity’s usage', async () => {
    const t = await syncFixture()
    const me = await guest(t)
    await push(me.sync, me.at, 'one', [replace('k', 'vv')])
    await push(me.sync, me.at, 'two', [replace('key', 'value')])
    const { IdentityUsage } = await me.sync.send(
      new DescribeIdentityUsageCommand({ IdentityPoolId: t.poolId, IdentityId: me.identityId }),
    )
    expect(IdentityUsage).toMatchObject({
      IdentityId: me.identityId,
      IdentityPoolId: t.poolId,
      DatasetCount: 2,
      DataStorage: 3 + 8,
      LastModifiedDate: new Date(t.app.now()),
    })
  })
})
