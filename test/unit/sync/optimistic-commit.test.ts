import { ListRecordsCommand } from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import { ResourceConflictException } from '../../../src/errors/sync'
import type { RecordStore, Stores, Transaction } from '../../../src/storage/record-store'
import { listRecords } from '../../../src/sync/records/list-records'
import { updateRecords } from '../../../src/sync/records/update-records'
import type { SyncServices } from '../../../src/sync/services'
import { syncFixture } from '../support/sync-fixture'

/**
 * UpdateRecords reads, checks, then commits with expectations (the SyncTrigger's place is between):
 * a sync committed by someone else after the read and before the commit must make this one fail
 * whole. The other sync is slipped in from inside the store's commit, just before it applies.
 */
describe('UpdateRecords’ optimistic commit', () => {
  it('fails whole with ResourceConflictException when another sync lands between read and commit', async () => {
    const t = await syncFixture()
    const me = await t.device()
    const ref = { identityPoolId: t.poolId, identityId: me.identityId }
    const services: SyncServices = t.app.runtime.services
    const admin = { kind: 'admin', accessKeyId: 'AKIAUNITTEST00000000' } as const
    const session = async (datasetName: string) =>
      (await listRecords(services, ref, { datasetName })).syncSessionToken
    let interloper: (() => Promise<unknown>) | undefined
    const real = services.stores
    const racing: Stores = Object.assign(Object.create(real) as Stores, {
      syncData(identityId: string): RecordStore {
        const store = real.syncData(identityId)
        return Object.assign(Object.create(store) as RecordStore, {
          async commit(transaction: Transaction) {
            const slip = interloper
            interloper = undefined
            if (slip) await slip()
            return store.commit(transaction)
          },
        })
      },
    })
    const token = await session('shared')
    interloper = async () =>
      updateRecords(services, ref, admin, {
        datasetName: 'shared',
        syncSessionToken: token,
        patches: [{ op: 'replace', key: 'other', value: 'theirs', syncCount: 0 }],
      })
    await expect(
      updateRecords({ ...services, stores: racing }, ref, admin, {
        datasetName: 'shared',
        syncSessionToken: token,
        patches: [{ op: 'replace', key: 'mine', value: 'ours', syncCount: 0 }],
      }),
    ).rejects.toBeInstanceOf(ResourceConflictException)
    const after = await me.sync.send(
      new ListRecordsCommand({
        IdentityPoolId: t.poolId,
        IdentityId: me.identityId,
        DatasetName: 'shared',
      }),
    )
    expect(after.DatasetSyncCount).toBe(1)
    expect(after.Records!.map((r) => r.Key)).toEqual(['other'])
  })
})
