import { ListRecordsCommand } from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import { CognitoSyncManager, type SyncResult, memoryStore } from '../../../client/sync'
import { syncFixture } from '../support/sync-fixture'

describe('synchronizeOnConnectivity', () => {
  it('synchronizes every cached dataset when the target says online, until stopped', async () => {
    const t = await syncFixture()
    const session = await t.device()
    const manager = new CognitoSyncManager({
      identityPoolId: t.poolId,
      region: 'us-east-1',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      identityId: session.identityId,
      client: session.sync,
      store: memoryStore(),
      now: () => t.app.now(),
    })
    await (await manager.openOrCreateDataset('settings')).put('colour', 'blue')
    await (await manager.openOrCreateDataset('scores')).put('best', '42')
    const target = new EventTarget()
    const results: Array<[string, SyncResult['status']]> = []
    let settled!: () => void
    const bothSynced = new Promise<void>((resolve) => (settled = resolve))
    const stop = manager.synchronizeOnConnectivity({
      target,
      onResult: (result, dataset) => {
        results.push([dataset.name, result.status])
        if (results.length === 2) settled()
      },
    })
    target.dispatchEvent(new Event('online'))
    await bothSynced
    expect(results.sort()).toEqual([
      ['scores', 'synchronized'],
      ['settings', 'synchronized'],
    ])
    const server = await t.adminSync.send(
      new ListRecordsCommand({
        IdentityPoolId: t.poolId,
        IdentityId: session.identityId,
        DatasetName: 'scores',
      }),
    )
    expect(server.Records?.map((r) => [r.Key, r.Value])).toEqual([['best', '42']])

    stop()
    await (await manager.openOrCreateDataset('settings')).put('colour', 'red')
    target.dispatchEvent(new Event('online'))
    await t.app.settled()
    expect(results).toHaveLength(2)
  })
})
