import { describe, expect, it } from 'vitest'
import { CognitoSyncManager, memoryStore } from '../../../client/sync'
import { setCognitoEvents } from '../../../src/sync/events/cognito-events'
import type { SyncTriggerEvent } from '../../../src/sync/events/sync-trigger-event'
import { syncClient } from '../support/sdk'
import { syncFixture } from '../support/sync-fixture'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:tidy-profile'

describe('synchronize with a SyncTrigger that rewrites the push', () => {
  it('keeps what the server stored, not what it sent: rewritten values and added records', async () => {
    const t = await syncFixture({
      bindings: {
        SYNC_FUNCTIONS: {
          // Trims the name and adds a greeting, as a SyncTrigger function may.
          tidyProfile: async (event: SyncTriggerEvent) => {
            const name = event.datasetRecords.name!.newValue!.trim()
            return {
              ...event,
              datasetRecords: {
                ...event.datasetRecords,
                name: { ...event.datasetRecords.name!, newValue: name },
                greeting: { newValue: `hello ${name}`, op: 'replace' },
              },
            }
          },
        },
      },
    })
    const app = t.app.withVariables({
      TRIGGER_TARGETS: JSON.stringify({
        [ARN]: { service: 'SYNC_FUNCTIONS', method: 'tidyProfile' },
      }),
    })
    await setCognitoEvents(app.runtime.services, t.poolId, { SyncTrigger: ARN })
    const device = await t.device()
    const credentials = device.answer.Credentials!
    const manager = new CognitoSyncManager({
      identityPoolId: t.poolId,
      region: 'us-east-1',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      identityId: device.identityId,
      store: memoryStore(),
      client: syncClient(app, {
        credentials: {
          accessKeyId: credentials.AccessKeyId!,
          secretAccessKey: credentials.SecretKey!,
          sessionToken: credentials.SessionToken!,
        },
      }),
    })
    const profile = await manager.openOrCreateDataset('profile')
    await profile.put('name', '  Ada  ')
    const result = await profile.synchronize()
    expect(result.pushed.map((r) => [r.key, r.value])).toEqual([
      ['name', 'Ada'],
      ['greeting', 'hello Ada'],
    ])
    expect(await profile.getAll()).toEqual({ name: 'Ada', greeting: 'hello Ada' })
    expect((await profile.getAllRecords()).every((r) => !r.dirty && r.syncCount === 1)).toBe(true)
    // Nothing is left to push, and nothing new to pull.
    expect(await profile.synchronize()).toMatchObject({ pulled: [], pushed: [], conflicts: 0 })
  })
})
