import { describe, expect, it } from 'vitest'
import {
  AlreadyStreamedException,
  ConcurrentModificationException,
  DuplicateRequestException,
  InvalidConfigurationException,
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
} from '../../../src/errors/sync'
import { memoryStores } from '../../../src/storage/memory/memory-stores'
import {
  bulkPublishDetails,
  bulkPublishIdentities,
  finishBulkPublish,
  startBulkPublish,
} from '../../../src/sync/bulk-publish/bulk-publish'
import {
  poolSyncConfiguration,
  setPoolSyncConfiguration,
} from '../../../src/sync/configuration/pool-configuration'
import {
  datasetSubscribers,
  registerDevice,
  subscribeToDataset,
  unsubscribeFromDataset,
} from '../../../src/sync/devices/devices'
import { cognitoEvents, setCognitoEvents } from '../../../src/sync/events/cognito-events'
import { poolSyncKeys } from '../../../src/sync/store/pool-sync-keys'
import { poolUsage, recordSyncUsage } from '../../../src/sync/usage/sync-usage'

const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555'
const ALICE = 'us-east-1:aaaaaaaa-0000-0000-0000-000000000001'
const BOB = 'us-east-1:bbbbbbbb-0000-0000-0000-000000000002'
const ROLE = 'arn:aws:iam::123456789012:role/cognito-sync'
const APNS_APP = 'arn:aws:sns:us-east-1:123456789012:app/APNS/MyApp'
const GCM_APP = 'arn:aws:sns:us-east-1:123456789012:app/GCM/MyApp'
const STREAMS = { StreamName: 'sync-stream', RoleArn: ROLE, StreamingStatus: 'ENABLED' } as const
const HOUR = 3_600_000

/** Memory stores and a clock the test moves. */
function services() {
  let clock = Date.UTC(2026, 0, 1)
  const now = () => clock
  return {
    stores: memoryStores(now),
    now,
    advance(ms: number) {
      clock += ms
    },
  }
}

describe('the identity pool sync configuration', () => {
  it('is empty until set, then answers each member as set; a member left out stays', async () => {
    const s = services()
    expect(await poolSyncConfiguration(s, POOL)).toEqual({})
    await setPoolSyncConfiguration(s, POOL, {
      PushSync: { ApplicationArns: [APNS_APP], RoleArn: ROLE },
    })
    const both = await setPoolSyncConfiguration(s, POOL, { CognitoStreams: STREAMS })
    expect(both).toEqual({
      PushSync: { ApplicationArns: [APNS_APP], RoleArn: ROLE },
      CognitoStreams: STREAMS,
    })
    expect(await poolSyncConfiguration(s, POOL)).toEqual(both)
    const disabled = await setPoolSyncConfiguration(s, POOL, {
      CognitoStreams: { ...STREAMS, StreamingStatus: 'DISABLED' },
    })
    expect(disabled.PushSync).toEqual(both.PushSync)
    expect(disabled.CognitoStreams?.StreamingStatus).toBe('DISABLED')
  })

  it('refuses a stream switched on without a name or a role, and writes nothing', async () => {
    const s = services()
    for (const CognitoStreams of [
      { StreamingStatus: 'ENABLED' as const, RoleArn: ROLE },
      { StreamingStatus: 'ENABLED' as const, StreamName: 'sync-stream' },
    ])
      await expect(
        setPoolSyncConfiguration(s, POOL, {
          PushSync: { ApplicationArns: [APNS_APP], RoleArn: ROLE },
          CognitoStreams,
        }),
      ).rejects.toBeInstanceOf(InvalidParameterException)
    expect(await poolSyncConfiguration(s, POOL)).toEqual({})
    // Switched off, a stream may be left half described.
    await setPoolSyncConfiguration(s, POOL, { CognitoStreams: { StreamingStatus: 'DISABLED' } })
  })

  it('lets one of two concurrent changes through and refuses the other', async () => {
    const s = services()
    const results = await Promise.allSettled([
      setPoolSyncConfiguration(s, POOL, { CognitoStreams: STREAMS }),
      setPoolSyncConfiguration(s, POOL, {
        PushSync: { ApplicationArns: [GCM_APP], RoleArn: ROLE },
      }),
    ])
    const refused = results.filter((r) => r.status === 'rejected')
    // The memory store interleaves the two reads before either write.
    expect(refused).toHaveLength(1)
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(
      ConcurrentModificationException,
    )
  })
})

describe('the Cognito events', () => {
  const TRIGGER = 'arn:aws:lambda:us-east-1:123456789012:function:sync-trigger'

  it('sets the SyncTrigger, and an empty value removes it', async () => {
    const s = services()
    expect(await cognitoEvents(s, POOL)).toEqual({})
    await setCognitoEvents(s, POOL, { SyncTrigger: TRIGGER })
    expect(await cognitoEvents(s, POOL)).toEqual({ SyncTrigger: TRIGGER })
    await setCognitoEvents(s, POOL, { SyncTrigger: `${TRIGGER}:live` })
    expect(await cognitoEvents(s, POOL)).toEqual({ SyncTrigger: `${TRIGGER}:live` })
    await setCognitoEvents(s, POOL, { SyncTrigger: '' })
    expect(await cognitoEvents(s, POOL)).toEqual({})
  })

  it('refuses an event Cognito does not raise, and a value that is not a function ARN', async () => {
    const s = services()
    await expect(setCognitoEvents(s, POOL, { PreSignUp: TRIGGER })).rejects.toBeInstanceOf(
      InvalidParameterException,
    )
    for (const arn of [
      'sync-trigger',
      'arn:aws:sns:us-east-1:123456789012:app/APNS/x',
      `${TRIGGER}:a:b`,
    ])
      await expect(setCognitoEvents(s, POOL, { SyncTrigger: arn }), arn).rejects.toBeInstanceOf(
        InvalidParameterException,
      )
    expect(await cognitoEvents(s, POOL)).toEqual({})
  })
})

describe('sync usage', () => {
  it('counts accepted syncs per identity and sums them over the identities with data', async () => {
    const s = services()
    const bytes: Record<string, number> = { [ALICE]: 120, [BOB]: 30 }
    const dataStorage = async (id: string) => bytes[id] ?? 0
    expect(await poolUsage(s, POOL, dataStorage)).toEqual({
      IdentityPoolId: POOL,
      SyncSessionsCount: 0,
      DataStorage: 0,
    })
    await recordSyncUsage(s, { identityPoolId: POOL, identityId: ALICE })
    s.advance(1_000)
    await recordSyncUsage(s, { identityPoolId: POOL, identityId: ALICE })
    s.advance(1_000)
    await recordSyncUsage(s, { identityPoolId: POOL, identityId: BOB })
    expect(await poolUsage(s, POOL, dataStorage)).toEqual({
      IdentityPoolId: POOL,
      SyncSessionsCount: 3,
      DataStorage: 150,
      LastModifiedDate: s.now(),
    })
  })

  it('writes the pool store once per identity, not once per sync', async () => {
    const s = services()
    const poolStore = s.stores.identityPool(POOL)
    const commits: unknown[] = []
    const commit = poolStore.commit.bind(poolStore)
    poolStore.commit = (transaction) => {
      commits.push(transaction)
      return commit(transaction)
    }
    for (let i = 0; i < 5; i++)
      await recordSyncUsage(s, { identityPoolId: POOL, identityId: ALICE })
    await recordSyncUsage(s, { identityPoolId: POOL, identityId: BOB })
    expect(commits).toHaveLength(2)
    expect((await poolStore.list(poolSyncKeys.identityPrefix)).records.map((r) => r.key)).toEqual([
      poolSyncKeys.identity(ALICE),
      poolSyncKeys.identity(BOB),
    ])
  })

  it('loses no count when syncs of one identity are recorded concurrently', async () => {
    const s = services()
    await Promise.all(
      Array.from({ length: 4 }, () =>
        recordSyncUsage(s, { identityPoolId: POOL, identityId: ALICE }),
      ),
    )
    expect((await poolUsage(s, POOL, async () => 0)).SyncSessionsCount).toBe(4)
  })
})

describe('bulk publish', () => {
  async function streaming() {
    const s = services()
    await setPoolSyncConfiguration(s, POOL, { CognitoStreams: STREAMS })
    return s
  }

  it('is NOT_STARTED until requested, and needs streams enabled', async () => {
    const s = services()
    expect(await bulkPublishDetails(s, POOL)).toEqual({ status: 'NOT_STARTED' })
    await expect(startBulkPublish(s, POOL)).rejects.toBeInstanceOf(InvalidConfigurationException)
    await setPoolSyncConfiguration(s, POOL, {
      CognitoStreams: { ...STREAMS, StreamingStatus: 'DISABLED' },
    })
    await expect(startBulkPublish(s, POOL)).rejects.toBeInstanceOf(InvalidConfigurationException)
    expect(await bulkPublishDetails(s, POOL)).toEqual({ status: 'NOT_STARTED' })
  })

  it('stays IN_PROGRESS until the walk finishes, refusing a second request meanwhile', async () => {
    const s = await streaming()
    const start = s.now()
    await startBulkPublish(s, POOL)
    expect(await bulkPublishDetails(s, POOL)).toEqual({ status: 'IN_PROGRESS', startTime: start })
    await expect(startBulkPublish(s, POOL)).rejects.toBeInstanceOf(DuplicateRequestException)
    s.advance(60_000)
    await finishBulkPublish(s, POOL, { succeeded: true })
    expect(await bulkPublishDetails(s, POOL)).toEqual({
      status: 'SUCCEEDED',
      startTime: start,
      completeTime: start + 60_000,
    })
  })

  it('allows one successful bulk publish per 24 hours, and a retry at once after a failure', async () => {
    const s = await streaming()
    await startBulkPublish(s, POOL)
    await finishBulkPublish(s, POOL, { succeeded: false, failureMessage: 'the queue refused' })
    expect(await bulkPublishDetails(s, POOL)).toMatchObject({
      status: 'FAILED',
      failureMessage: 'the queue refused',
    })
    await startBulkPublish(s, POOL)
    await finishBulkPublish(s, POOL, { succeeded: true })
    s.advance(24 * HOUR - 1)
    await expect(startBulkPublish(s, POOL)).rejects.toBeInstanceOf(AlreadyStreamedException)
    s.advance(1)
    await startBulkPublish(s, POOL)
    expect((await bulkPublishDetails(s, POOL)).status).toBe('IN_PROGRESS')
  })

  it('starts exactly one of two concurrent requests', async () => {
    const s = await streaming()
    const results = await Promise.allSettled([startBulkPublish(s, POOL), startBulkPublish(s, POOL)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toBeInstanceOf(DuplicateRequestException)
  })

  it('walks every identity with data, and keeps the request alive while it walks', async () => {
    const s = await streaming()
    const ids = Array.from(
      { length: 250 },
      (_, i) => `us-east-1:${String(i).padStart(8, '0')}-0000-0000-0000-000000000000`,
    )
    for (const identityId of ids) await recordSyncUsage(s, { identityPoolId: POOL, identityId })
    await startBulkPublish(s, POOL)
    const walked: string[] = []
    for await (const identityId of bulkPublishIdentities(s, POOL)) {
      walked.push(identityId)
      // A slow walk: each identity takes ten seconds, 40 minutes in all.
      s.advance(10_000)
    }
    expect(walked).toEqual(ids)
    expect((await bulkPublishDetails(s, POOL)).status).toBe('IN_PROGRESS')
    await finishBulkPublish(s, POOL, { succeeded: true })
    expect((await bulkPublishDetails(s, POOL)).status).toBe('SUCCEEDED')
  })

  it('reports a walk that went silent as FAILED, and then accepts a new request', async () => {
    const s = await streaming()
    await startBulkPublish(s, POOL)
    s.advance(15 * 60_000)
    expect(await bulkPublishDetails(s, POOL)).toMatchObject({
      status: 'FAILED',
      failureMessage: 'The bulk publish stopped before it had published every identity.',
    })
    // The lost walk's late report changes nothing.
    await finishBulkPublish(s, POOL, { succeeded: true })
    expect((await bulkPublishDetails(s, POOL)).status).toBe('FAILED')
    await startBulkPublish(s, POOL)
    expect((await bulkPublishDetails(s, POOL)).status).toBe('IN_PROGRESS')
  })
})

describe('devices and subscriptions', () => {
  const TOKEN = 'a'.repeat(64)

  async function pushing() {
    const s = services()
    await setPoolSyncConfiguration(s, POOL, {
      PushSync: { ApplicationArns: [APNS_APP], RoleArn: ROLE },
    })
    return s
  }

  it('gives a device the same id for the same identity and token, another elsewhere', async () => {
    const s = await pushing()
    const first = await registerDevice(s, POOL, ALICE, 'APNS', TOKEN)
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(await registerDevice(s, POOL, ALICE, 'APNS', TOKEN)).toBe(first)
    expect(await registerDevice(s, POOL, BOB, 'APNS', TOKEN)).not.toBe(first)
    expect(await registerDevice(s, POOL, ALICE, 'APNS', 'b'.repeat(64))).not.toBe(first)
  })

  it('needs push sync with an application for the platform', async () => {
    const s = services()
    await expect(registerDevice(s, POOL, ALICE, 'APNS', TOKEN)).rejects.toBeInstanceOf(
      InvalidConfigurationException,
    )
    await setPoolSyncConfiguration(s, POOL, { PushSync: { ApplicationArns: [APNS_APP] } })
    await expect(registerDevice(s, POOL, ALICE, 'APNS', TOKEN)).rejects.toBeInstanceOf(
      InvalidConfigurationException,
    )
    await setPoolSyncConfiguration(s, POOL, {
      PushSync: { ApplicationArns: [APNS_APP], RoleArn: ROLE },
    })
    await expect(registerDevice(s, POOL, ALICE, 'GCM', TOKEN)).rejects.toBeInstanceOf(
      InvalidConfigurationException,
    )
    await expect(registerDevice(s, POOL, ALICE, 'APNS', '')).rejects.toBeInstanceOf(
      InvalidParameterException,
    )
  })

  it('subscribes a registered device to a dataset, once, and unsubscribes it', async () => {
    const s = await pushing()
    const device = await registerDevice(s, POOL, ALICE, 'APNS', TOKEN)
    await subscribeToDataset(s, POOL, ALICE, 'settings', device)
    await subscribeToDataset(s, POOL, ALICE, 'settings', device)
    expect((await datasetSubscribers(s, ALICE, 'settings')).map((d) => d.DeviceId)).toEqual([
      device,
    ])
    expect(await datasetSubscribers(s, ALICE, 'settings:extra')).toEqual([])
    await unsubscribeFromDataset(s, ALICE, 'settings', device)
    expect(await datasetSubscribers(s, ALICE, 'settings')).toEqual([])
  })

  it("refuses a device that is not registered to the identity, another's included", async () => {
    const s = await pushing()
    const bobs = await registerDevice(s, POOL, BOB, 'APNS', TOKEN)
    await expect(subscribeToDataset(s, POOL, ALICE, 'settings', bobs)).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    )
    await expect(unsubscribeFromDataset(s, ALICE, 'settings', bobs)).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    )
    expect(await datasetSubscribers(s, ALICE, 'settings')).toEqual([])
  })

  it('bounds the devices of one identity', async () => {
    const s = await pushing()
    for (let i = 0; i < 100; i++) await registerDevice(s, POOL, ALICE, 'APNS', `token-${i}`)
    await expect(registerDevice(s, POOL, ALICE, 'APNS', 'one-more')).rejects.toBeInstanceOf(
      LimitExceededException,
    )
    // A device already registered may register again.
    await registerDevice(s, POOL, ALICE, 'APNS', 'token-7')
  })
})
