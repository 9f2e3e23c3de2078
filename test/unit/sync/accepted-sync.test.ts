import {
  BulkPublishCommand,
  DeleteDatasetCommand,
  DescribeIdentityPoolUsageCommand,
  GetBulkPublishDetailsCommand,
  InvalidLambdaFunctionOutputException,
  ResourceConflictException,
} from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import type { PushDelivery, PushSockets } from '../../../src/storage/push-sockets'
import { setPoolSyncConfiguration } from '../../../src/sync/configuration/pool-configuration'
import { setCognitoEvents } from '../../../src/sync/events/cognito-events'
import type { SyncTriggerEvent } from '../../../src/sync/events/sync-trigger-event'
import type { StreamRecord } from '../../../src/sync/streams/stream-record'
import { AUTH, type TestApp } from '../support/app'
import { syncClient } from '../support/sdk'
import { type SyncDevice, syncFixture } from '../support/sync-fixture'
import { pull, push, replace } from '../support/sync-records'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:sync-trigger'

/** Records what the Worker broadcasts to push sockets and sends to the stream Queue. */
function recordDeliveries(app: TestApp) {
  const broadcasts: Array<{ identityId: string; delivery: PushDelivery }> = []
  const streamed: StreamRecord[] = []
  const sockets: PushSockets = {
    accept: async () => new Response(null, { status: 204 }),
    async broadcast(identityId, delivery) {
      broadcasts.push({ identityId, delivery })
      return 1
    },
  }
  app.runtime.services.pushSockets = sockets
  app.runtime.services.syncStream = { send: async (record) => void streamed.push(record) }
  return { broadcasts, streamed }
}

describe('an accepted UpdateRecords', () => {
  it("pushes Cognito's payload to the identity's sockets, skipping the writing device", async () => {
    const t = await syncFixture()
    const { broadcasts } = recordDeliveries(t.app)
    const me = await t.device()
    const at = { poolId: t.poolId, identityId: me.identityId }
    await push(me.sync, at, 'settings', [replace('theme', 'dark')], { DeviceId: 'phone' })
    await t.app.settled()
    expect(broadcasts).toEqual([
      {
        identityId: me.identityId,
        delivery: {
          datasetName: 'settings',
          exceptDeviceId: 'phone',
          message: JSON.stringify({
            source: 'cognito-sync',
            identityPoolId: t.poolId,
            identityId: me.identityId,
            datasetName: 'settings',
            syncCount: 1,
          }),
        },
      },
    ])
  })

  it("sends Cognito's stream record when the pool's CognitoStreams is ENABLED, and only then", async () => {
    const t = await syncFixture()
    const { streamed } = recordDeliveries(t.app)
    const me = await t.device()
    const at = { poolId: t.poolId, identityId: me.identityId }
    await push(me.sync, at, 'settings', [replace('theme', 'dark')])
    await t.app.settled()
    expect(streamed).toEqual([])
    await setPoolSyncConfiguration(t.app.runtime.services, t.poolId, {
      CognitoStreams: {
        StreamName: 'sync-stream',
        RoleArn: 'arn:aws:iam::123456789012:role/streams',
        StreamingStatus: 'ENABLED',
      },
    })
    const device = new Date(t.app.now() - 5_000)
    await push(me.sync, at, 'settings', [
      { ...replace('theme', 'light', 1), DeviceLastModifiedDate: device },
      { Op: 'remove', Key: 'missing', SyncCount: 0 },
    ])
    await t.app.settled()
    expect(streamed).toEqual([
      {
        identityPoolId: t.poolId,
        identityId: me.identityId,
        dataSetName: 'settings',
        operation: 'replace',
        kinesisSyncRecords: [
          {
            key: 'theme',
            value: 'light',
            syncCount: 2,
            lastModifiedDate: t.app.now(),
            deviceLastModifiedDate: device.getTime(),
            op: 'replace',
          },
          {
            key: 'missing',
            syncCount: 2,
            lastModifiedDate: t.app.now(),
            deviceLastModifiedDate: t.app.now(),
            op: 'remove',
          },
        ],
        lastModifiedDate: t.app.now(),
        payloadType: 'Inline',
        syncCount: 2,
      },
    ])
  })

  it('sends a record too large for a Queue message by a URL that answers the whole record', async () => {
    const t = await syncFixture()
    const { streamed } = recordDeliveries(t.app)
    await setPoolSyncConfiguration(t.app.runtime.services, t.poolId, {
      CognitoStreams: {
        StreamName: 'sync-stream',
        RoleArn: 'arn:aws:iam::123456789012:role/streams',
        StreamingStatus: 'ENABLED',
      },
    })
    const me = await t.device()
    const at = { poolId: t.poolId, identityId: me.identityId }
    const big = 'x'.repeat(200_000)
    await push(me.sync, at, 'saves', [replace('slot-1', big)])
    await t.app.settled()
    expect(streamed).toHaveLength(1)
    const [record] = streamed
    expect(record).not.toHaveProperty('kinesisSyncRecords')
    expect(record).toMatchObject({ payloadType: 'S3Url', syncCount: 1, dataSetName: 'saves' })
    const url = new URL(record!.kinesisSyncRecordsURL!)
    expect(url.origin).toBe(AUTH)
    const payload = await t.app.fetch(url.toString())
    expect(payload.status).toBe(200)
    const full = (await payload.json()) as StreamRecord
    expect(full.kinesisSyncRecords?.[0]).toMatchObject({ key: 'slot-1', value: big })
    // The URL is the permission: another id reads nothing.
    const guessed = `${url.origin}${url.pathname.replace(/[^/]+$/, 'A'.repeat(43))}`
    expect((await t.app.fetch(guessed)).status).toBe(404)
  })
})

describe('an accepted DeleteDataset', () => {
  it("streams Cognito's record with operation remove and every removed record", async () => {
    const t = await syncFixture()
    const { streamed } = recordDeliveries(t.app)
    await setPoolSyncConfiguration(t.app.runtime.services, t.poolId, {
      CognitoStreams: {
        StreamName: 'sync-stream',
        RoleArn: 'arn:aws:iam::123456789012:role/streams',
        StreamingStatus: 'ENABLED',
      },
    })
    const me = await t.device()
    const at = { poolId: t.poolId, identityId: me.identityId }
    await push(me.sync, at, 'game', [replace('level', '3'), replace('coins', '9')])
    await push(me.sync, at, 'game', [{ Op: 'remove', Key: 'coins', SyncCount: 1 }])
    await t.app.settled()
    streamed.length = 0
    t.app.advance(60_000)
    await me.sync.send(
      new DeleteDatasetCommand({
        IdentityPoolId: t.poolId,
        IdentityId: me.identityId,
        DatasetName: 'game',
      }),
    )
    await t.app.settled()
    // The record already removed (a tombstone) is not removed again.
    expect(streamed).toEqual([
      {
        identityPoolId: t.poolId,
        identityId: me.identityId,
        dataSetName: 'game',
        operation: 'remove',
        kinesisSyncRecords: [
          {
            key: 'level',
            syncCount: 3,
            lastModifiedDate: t.app.now(),
            deviceLastModifiedDate: t.app.now(),
            op: 'remove',
          },
        ],
        lastModifiedDate: t.app.now(),
        payloadType: 'Inline',
        syncCount: 3,
      },
    ])
  })

  it("pushes Cognito's payload to every socket of the identity, and is no sync session", async () => {
    const t = await syncFixture()
    const { broadcasts } = recordDeliveries(t.app)
    const me = await t.device()
    const at = { poolId: t.poolId, identityId: me.identityId }
    await push(me.sync, at, 'settings', [replace('theme', 'dark')], { DeviceId: 'phone' })
    await t.app.settled()
    broadcasts.length = 0
    await me.sync.send(
      new DeleteDatasetCommand({
        IdentityPoolId: t.poolId,
        IdentityId: me.identityId,
        DatasetName: 'settings',
      }),
    )
    await t.app.settled()
    // DeleteDataset names no device (the model has no DeviceId for it): no socket is skipped.
    expect(broadcasts).toEqual([
      {
        identityId: me.identityId,
        delivery: {
          datasetName: 'settings',
          message: JSON.stringify({
            source: 'cognito-sync',
            identityPoolId: t.poolId,
            identityId: me.identityId,
            datasetName: 'settings',
            syncCount: 2,
          }),
        },
      },
    ])
    const usage = await syncClient(t.app).send(
      new DescribeIdentityPoolUsageCommand({ IdentityPoolId: t.poolId }),
    )
    expect(usage.IdentityPoolUsage).toMatchObject({ SyncSessionsCount: 1, DataStorage: 0 })
  })
})

describe('BulkPublish', () => {
  it("sends every identity's live datasets to the stream, then reports SUCCEEDED", async () => {
    const t = await syncFixture()
    const { streamed } = recordDeliveries(t.app)
    await setPoolSyncConfiguration(t.app.runtime.services, t.poolId, {
      CognitoStreams: {
        StreamName: 'sync-stream',
        RoleArn: 'arn:aws:iam::123456789012:role/streams',
        StreamingStatus: 'ENABLED',
      },
    })
    const alice = await t.device()
    const bob = await t.device()
    const aliceAt = { poolId: t.poolId, identityId: alice.identityId }
    await push(alice.sync, aliceAt, 'settings', [replace('theme', 'dark'), replace('gone', 'x')])
    await push(alice.sync, aliceAt, 'settings', [{ Op: 'remove', Key: 'gone', SyncCount: 1 }])
    await push(alice.sync, aliceAt, 'scores', [replace('best', '42')])
    await push(bob.sync, { poolId: t.poolId, identityId: bob.identityId }, 'settings', [
      replace('theme', 'light'),
    ])
    await t.app.settled()
    streamed.splice(0)
    await t.adminSync.send(new BulkPublishCommand({ IdentityPoolId: t.poolId }))
    await t.app.settled()
    const published = streamed.map((record) => [
      record.identityId,
      record.dataSetName,
      record.syncCount,
      record.kinesisSyncRecords?.map((r) => [r.key, r.value, r.op]),
    ])
    expect(published).toHaveLength(3)
    expect(published).toEqual(
      expect.arrayContaining([
        [alice.identityId, 'scores', 1, [['best', '42', 'replace']]],
        [alice.identityId, 'settings', 2, [['theme', 'dark', 'replace']]],
        [bob.identityId, 'settings', 1, [['theme', 'light', 'replace']]],
      ]),
    )
    const details = await t.adminSync.send(
      new GetBulkPublishDetailsCommand({ IdentityPoolId: t.poolId }),
    )
    expect(details.BulkPublishStatus).toBe('SUCCEEDED')
  })
})

describe('the SyncTrigger in UpdateRecords', () => {
  /** The fixture with the SyncTrigger bound as a service doing `fn`, and a device on that Worker. */
  async function withTrigger(fn: (event: SyncTriggerEvent) => Promise<unknown>) {
    const calls: SyncTriggerEvent[] = []
    const t = await syncFixture({
      bindings: {
        SYNC_FUNCTIONS: {
          syncTrigger: async (event: SyncTriggerEvent) => {
            calls.push(event)
            return fn(event)
          },
        },
      },
    })
    const app = t.app.withVariables({
      TRIGGER_TARGETS: JSON.stringify({
        [ARN]: { service: 'SYNC_FUNCTIONS', method: 'syncTrigger' },
      }),
    })
    await setCognitoEvents(app.runtime.services, t.poolId, { SyncTrigger: ARN })
    const device = await t.device()
    const me: SyncDevice = {
      ...device,
      sync: syncClient(app, {
        credentials: {
          accessKeyId: device.answer.Credentials!.AccessKeyId!,
          secretAccessKey: device.answer.Credentials!.SecretKey!,
          sessionToken: device.answer.Credentials!.SessionToken!,
        },
      }),
    }
    return { t, app, me, at: { poolId: t.poolId, identityId: device.identityId }, calls }
  }

  it('rewrites the records with what the function answers', async () => {
    const { me, at, calls } = await withTrigger(async (event) => ({
      ...event,
      datasetRecords: {
        ...event.datasetRecords,
        name: {
          ...event.datasetRecords.name!,
          newValue: event.datasetRecords.name!.newValue!.trim(),
        },
        greeting: {
          newValue: `hello ${event.datasetRecords.name!.newValue!.trim()}`,
          op: 'replace',
        },
      },
    }))
    const written = await push(me.sync, at, 'profile', [replace('name', '  Ada  ')])
    expect(written.Records!.map((r) => [r.Key, r.Value])).toEqual([
      ['name', 'Ada'],
      ['greeting', 'hello Ada'],
    ])
    const pulled = await pull(me.sync, at, 'profile')
    expect(pulled.Records!.map((r) => [r.Key, r.Value, r.SyncCount])).toEqual([
      ['greeting', 'hello Ada', 1],
      ['name', 'Ada', 1],
    ])
    expect(calls[0]).toMatchObject({
      version: 2,
      eventType: 'SyncTrigger',
      datasetName: 'profile',
      datasetRecords: { name: { newValue: '  Ada  ', op: 'replace' } },
    })
  })

  it('is not invoked for developer credentials', async () => {
    const { app, at, calls } = await withTrigger(async () => {
      throw new Error('must not run')
    })
    const admin = syncClient(app)
    const written = await push(admin, at, 'profile', [replace('name', 'Ada')])
    expect(written.Records).toHaveLength(1)
    expect(calls).toEqual([])
  })

  it('refuses the sync with InvalidLambdaFunctionOutputException when the function fails, writing nothing', async () => {
    const { me, at } = await withTrigger(async () => {
      throw new Error('names are checked')
    })
    const refused = await push(me.sync, at, 'profile', [replace('name', 'Ada')]).catch(
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(InvalidLambdaFunctionOutputException)
    expect((await pull(me.sync, at, 'profile')).DatasetExists).toBe(false)
  })

  it('answers ResourceConflictException when another sync commits while the function runs', async () => {
    let concurrent: (() => Promise<unknown>) | undefined
    const { app, at, me } = await withTrigger(async (event) => {
      await concurrent?.()
      return event
    })
    const admin = syncClient(app)
    await push(admin, at, 'profile', [replace('name', 'Ada')])
    concurrent = () => push(admin, at, 'profile', [replace('name', 'Grace', 1)])
    const refused = await push(me.sync, at, 'profile', [replace('name', 'Lovelace', 1)]).catch(
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(ResourceConflictException)
    const pulled = await pull(me.sync, at, 'profile')
    expect(pulled.Records!.map((r) => [r.Key, r.Value, r.SyncCount])).toEqual([
      ['name', 'Grace', 2],
    ])
  })
})
