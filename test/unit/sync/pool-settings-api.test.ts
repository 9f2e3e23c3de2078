import { CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity'
import {
  AlreadyStreamedException,
  BulkPublishCommand,
  type CognitoSyncClient,
  CognitoSyncServiceException,
  DescribeIdentityPoolUsageCommand,
  DuplicateRequestException,
  GetBulkPublishDetailsCommand,
  GetCognitoEventsCommand,
  GetIdentityPoolConfigurationCommand,
  InvalidConfigurationException,
  InvalidParameterException,
  ListIdentityPoolUsageCommand,
  ListRecordsCommand,
  NotAuthorizedException,
  RegisterDeviceCommand,
  ResourceNotFoundException,
  SetCognitoEventsCommand,
  SetIdentityPoolConfigurationCommand,
  type SetIdentityPoolConfigurationCommandInput,
  SubscribeToDatasetCommand,
  UnsubscribeFromDatasetCommand,
  UpdateRecordsCommand,
} from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import { finishBulkPublish } from '../../../src/sync/bulk-publish/bulk-publish'
import { datasetSubscribers } from '../../../src/sync/devices/devices'
import { AUTH } from '../support/app'
import { syncClient } from '../support/sdk'
import { syncFixture } from '../support/sync-fixture'

const ROLE = 'arn:aws:iam::000000000000:role/cognito-sync'
const APNS_APP = 'arn:aws:sns:us-east-1:000000000000:app/APNS/portcullis'
const STREAMS = { StreamName: 'sync-stream', RoleArn: ROLE, StreamingStatus: 'ENABLED' } as const
const TRIGGER = 'arn:aws:lambda:us-east-1:000000000000:function:sync-trigger'
const UNKNOWN_POOL = 'us-east-1:00000000-0000-0000-0000-000000000000'
const DAY = 24 * 3_600_000

/** The refusal a call ends in, as the SDK parsed it. */
async function refusal(promise: Promise<unknown>): Promise<CognitoSyncServiceException> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  )
  if (!(outcome instanceof CognitoSyncServiceException)) throw new Error(`not refused: ${outcome}`)
  return outcome
}

/** One pull-then-push of `value` under `key`, as Cognito's clients sync: ListRecords, then UpdateRecords. */
async function acceptedSync(
  sync: CognitoSyncClient,
  at: { IdentityPoolId: string; IdentityId: string },
  DatasetName: string,
  Key: string,
  Value: string,
) {
  const pulled = await sync.send(new ListRecordsCommand({ ...at, DatasetName }))
  const SyncCount = pulled.Records?.find((record) => record.Key === Key)?.SyncCount ?? 0
  await sync.send(
    new UpdateRecordsCommand({
      ...at,
      DatasetName,
      SyncSessionToken: pulled.SyncSessionToken!,
      RecordPatches: [{ Op: 'replace', Key, Value, SyncCount }],
    }),
  )
}

describe('the pool-level sync operations over the SDK', () => {
  it('refuse identity credentials, whatever the role allows: developer credentials only', async () => {
    const t = await syncFixture()
    const guest = await t.device()
    const IdentityPoolId = t.poolId
    const calls = [
      new DescribeIdentityPoolUsageCommand({ IdentityPoolId }),
      new ListIdentityPoolUsageCommand({}),
      new GetIdentityPoolConfigurationCommand({ IdentityPoolId }),
      new SetIdentityPoolConfigurationCommand({ IdentityPoolId, CognitoStreams: STREAMS }),
      new GetCognitoEventsCommand({ IdentityPoolId }),
      new SetCognitoEventsCommand({ IdentityPoolId, Events: { SyncTrigger: TRIGGER } }),
      new BulkPublishCommand({ IdentityPoolId }),
      new GetBulkPublishDetailsCommand({ IdentityPoolId }),
    ]
    for (const command of calls) {
      // biome-ignore lint/suspicious/noExplicitAny: one loop over commands of different outputs
      const refused = await refusal(guest.sync.send(command as any))
      expect(refused, command.constructor.name).toBeInstanceOf(NotAuthorizedException)
      expect(refused.$metadata.httpStatusCode).toBe(403)
      expect(refused.message).toContain('developer credentials')
    }
    // Nothing was set by the refused calls.
    expect(
      await t.adminSync.send(new GetIdentityPoolConfigurationCommand({ IdentityPoolId })),
    ).toMatchObject({ IdentityPoolId })
    expect(
      (await t.adminSync.send(new GetIdentityPoolConfigurationCommand({ IdentityPoolId })))
        .CognitoStreams,
    ).toBeUndefined()
  })

  it('answer ResourceNotFoundException (404) for a pool that does not exist', async () => {
    const t = await syncFixture()
    const IdentityPoolId = UNKNOWN_POOL
    for (const command of [
      new DescribeIdentityPoolUsageCommand({ IdentityPoolId }),
      new GetIdentityPoolConfigurationCommand({ IdentityPoolId }),
      new SetIdentityPoolConfigurationCommand({ IdentityPoolId, CognitoStreams: STREAMS }),
      new GetCognitoEventsCommand({ IdentityPoolId }),
      new SetCognitoEventsCommand({ IdentityPoolId, Events: { SyncTrigger: TRIGGER } }),
      new BulkPublishCommand({ IdentityPoolId }),
      new GetBulkPublishDetailsCommand({ IdentityPoolId }),
    ]) {
      // biome-ignore lint/suspicious/noExplicitAny: one loop over commands of different outputs
      const refused = await refusal(t.adminSync.send(command as any))
      expect(refused, command.constructor.name).toBeInstanceOf(ResourceNotFoundException)
      expect(refused.$metadata.httpStatusCode).toBe(404)
    }
  })
})

describe('Get/SetIdentityPoolConfiguration', () => {
  it('keeps PushSync and CognitoStreams; a member left out stays', async () => {
    const t = await syncFixture()
    const IdentityPoolId = t.poolId
    expect(
      await t.adminSync.send(new GetIdentityPoolConfigurationCommand({ IdentityPoolId })),
    ).toEqual(expect.objectContaining({ IdentityPoolId }))
    const push = { ApplicationArns: [APNS_APP], RoleArn: ROLE }
    const set = await t.adminSync.send(
      new SetIdentityPoolConfigurationCommand({ IdentityPoolId, PushSync: push }),
    )
    expect(set).toMatchObject({ IdentityPoolId, PushSync: push })
    await t.adminSync.send(
      new SetIdentityPoolConfigurationCommand({ IdentityPoolId, CognitoStreams: STREAMS }),
    )
    const read = await t.adminSync.send(new GetIdentityPoolConfigurationCommand({ IdentityPoolId }))
    expect(read).toMatchObject({ IdentityPoolId, PushSync: push, CognitoStreams: STREAMS })
    // The prefixed paths are the same API.
    const prefixed = await t
      .syncAs((await t.device()).answer, `${AUTH}/sync`)
      .send(new GetIdentityPoolConfigurationCommand({ IdentityPoolId }))
      .catch((e: unknown) => e)
    expect(prefixed).toBeInstanceOf(NotAuthorizedException)
  })

  it("holds values to the model's patterns, lengths and enum, and keeps nothing of a refused call", async () => {
    const t = await syncFixture()
    const IdentityPoolId = t.poolId
    const refused = [
      { PushSync: { ApplicationArns: ['arn:aws:sns:us-east-1:000000000000:topic'] } },
      { PushSync: { RoleArn: 'arn:aws:iam::000000000000:user/someone' } },
      { PushSync: { RoleArn: `arn:aws:iam::0:role/${'r'.repeat(2048)}` } },
      { CognitoStreams: { ...STREAMS, StreamName: 's'.repeat(129) } },
      { CognitoStreams: { ...STREAMS, StreamingStatus: 'ON' } },
      { CognitoStreams: { StreamingStatus: 'ENABLED' } },
      {
        PushSync: { ApplicationArns: [APNS_APP], RoleArn: ROLE },
        CognitoStreams: { RoleArn: 'x' },
      },
    ] as unknown as Array<Omit<SetIdentityPoolConfigurationCommandInput, 'IdentityPoolId'>>
    for (const changes of refused) {
      const error = await refusal(
        t.adminSync.send(new SetIdentityPoolConfigurationCommand({ IdentityPoolId, ...changes })),
      )
      expect(error, JSON.stringify(changes)).toBeInstanceOf(InvalidParameterException)
      expect(error.$metadata.httpStatusCode).toBe(400)
    }
    const read = await t.adminSync.send(new GetIdentityPoolConfigurationCommand({ IdentityPoolId }))
    expect(read.PushSync).toBeUndefined()
    expect(read.CognitoStreams).toBeUndefined()
  })
})

describe('Get/SetCognitoEvents', () => {
  it('sets the SyncTrigger, removes it with an empty value, and refuses other events', async () => {
    const t = await syncFixture()
    const IdentityPoolId = t.poolId
    const events = () => t.adminSync.send(new GetCognitoEventsCommand({ IdentityPoolId }))
    expect((await events()).Events ?? {}).toEqual({})
    await t.adminSync.send(
      new SetCognitoEventsCommand({ IdentityPoolId, Events: { SyncTrigger: TRIGGER } }),
    )
    expect((await events()).Events).toEqual({ SyncTrigger: TRIGGER })
    const refusedEvents: Record<string, string>[] = [
      { PreSignUp: TRIGGER },
      { SyncTrigger: 'not-an-arn' },
      { SyncTrigger: TRIGGER, Other: TRIGGER },
    ]
    for (const Events of refusedEvents)
      expect(
        await refusal(t.adminSync.send(new SetCognitoEventsCommand({ IdentityPoolId, Events }))),
        JSON.stringify(Events),
      ).toBeInstanceOf(InvalidParameterException)
    expect((await events()).Events).toEqual({ SyncTrigger: TRIGGER })
    await t.adminSync.send(
      new SetCognitoEventsCommand({ IdentityPoolId, Events: { SyncTrigger: '' } }),
    )
    expect((await events()).Events ?? {}).toEqual({})
  })
})

describe('BulkPublish and GetBulkPublishDetails', () => {
  it('needs streams, starts once, refuses a duplicate, and allows one success per 24 hours', async () => {
    const t = await syncFixture()
    const IdentityPoolId = t.poolId
    const details = () => t.adminSync.send(new GetBulkPublishDetailsCommand({ IdentityPoolId }))
    const publish = () => t.adminSync.send(new BulkPublishCommand({ IdentityPoolId }))
    expect(await details()).toMatchObject({ IdentityPoolId, BulkPublishStatus: 'NOT_STARTED' })
    expect(await refusal(publish())).toBeInstanceOf(InvalidConfigurationException)

    await t.adminSync.send(
      new SetIdentityPoolConfigurationCommand({ IdentityPoolId, CognitoStreams: STREAMS }),
    )
    const started = t.app.now()
    expect(await publish()).toMatchObject({ IdentityPoolId })
    const running = await details()
    expect(running.BulkPublishStatus).toBe('IN_PROGRESS')
    expect(running.BulkPublishStartTime).toEqual(new Date(started))
    expect(running.BulkPublishCompleteTime).toBeUndefined()
    expect(await refusal(publish())).toBeInstanceOf(DuplicateRequestException)

    // The stream's walk ends it.
    t.app.advance(5_000)
    await finishBulkPublish(t.app.runtime.services, IdentityPoolId, { succeeded: true })
    expect(await details()).toMatchObject({
      BulkPublishStatus: 'SUCCEEDED',
      BulkPublishStartTime: new Date(started),
      BulkPublishCompleteTime: new Date(started + 5_000),
    })
    expect(await refusal(publish())).toBeInstanceOf(AlreadyStreamedException)
    t.app.advance(DAY)
    await publish()
    expect((await details()).BulkPublishStatus).toBe('IN_PROGRESS')
  })

  it('shows a failed walk with its message, and may be asked again at once', async () => {
    const t = await syncFixture()
    const IdentityPoolId = t.poolId
    await t.adminSync.send(
      new SetIdentityPoolConfigurationCommand({ IdentityPoolId, CognitoStreams: STREAMS }),
    )
    await t.adminSync.send(new BulkPublishCommand({ IdentityPoolId }))
    await finishBulkPublish(t.app.runtime.services, IdentityPoolId, {
      succeeded: false,
      failureMessage: 'The stream refused the records.',
    })
    expect(
      await t.adminSync.send(new GetBulkPublishDetailsCommand({ IdentityPoolId })),
    ).toMatchObject({
      BulkPublishStatus: 'FAILED',
      FailureMessage: 'The stream refused the records.',
    })
    await t.adminSync.send(new BulkPublishCommand({ IdentityPoolId }))
  })
})

describe('DescribeIdentityPoolUsage and ListIdentityPoolUsage', () => {
  it('sum the sync sessions and stored bytes of the identities with data', async () => {
    const t = await syncFixture()
    const IdentityPoolId = t.poolId
    const usage = async () =>
      (await t.adminSync.send(new DescribeIdentityPoolUsageCommand({ IdentityPoolId })))
        .IdentityPoolUsage
    expect(await usage()).toEqual({ IdentityPoolId, SyncSessionsCount: 0, DataStorage: 0 })
    const alice = await t.device()
    const bob = await t.device()
    const aliceAt = { IdentityPoolId, IdentityId: alice.identityId }
    await acceptedSync(alice.sync, aliceAt, 'settings', 'theme', 'dark')
    await acceptedSync(alice.sync, aliceAt, 'settings', 'theme', 'light')
    await acceptedSync(alice.sync, aliceAt, 'scores', 'level', '12')
    t.app.advance(60_000)
    // An admin key's write counts too.
    await acceptedSync(t.adminSync, { IdentityPoolId, IdentityId: bob.identityId }, 'a', 'k', 'v')
    expect(await usage()).toEqual({
      IdentityPoolId,
      SyncSessionsCount: 4,
      // Bytes of live keys and values: theme+light, level+12, k+v.
      DataStorage: 5 + 5 + 5 + 2 + 1 + 1,
      LastModifiedDate: new Date(t.app.now()),
    })
  })

  it('lists every pool a page at a time, with tokens that continue only that listing', async () => {
    const t = await syncFixture()
    for (const name of ['second', 'third'])
      await t.identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: name,
          AllowUnauthenticatedIdentities: true,
        }),
      )
    const seen: string[] = []
    let NextToken: string | undefined
    do {
      const page = await t.adminSync.send(
        new ListIdentityPoolUsageCommand({ MaxResults: 2, ...(NextToken ? { NextToken } : {}) }),
      )
      expect(page.MaxResults).toBe(2)
      expect(page.Count).toBe(page.IdentityPoolUsages!.length)
      for (const usage of page.IdentityPoolUsages!) {
        expect(usage).toMatchObject({ SyncSessionsCount: 0, DataStorage: 0 })
        seen.push(usage.IdentityPoolId!)
      }
      NextToken = page.NextToken
    } while (NextToken)
    expect(seen).toHaveLength(3)
    expect(seen).toContain(t.poolId)
    expect([...seen].sort()).toEqual(seen)
    expect(
      await refusal(t.adminSync.send(new ListIdentityPoolUsageCommand({ NextToken: 'forged' }))),
    ).toBeInstanceOf(InvalidParameterException)
  })
})

describe('RegisterDevice, SubscribeToDataset and UnsubscribeFromDataset', () => {
  const TOKEN = 'f'.repeat(64)

  async function pushing() {
    const t = await syncFixture()
    await t.adminSync.send(
      new SetIdentityPoolConfigurationCommand({
        IdentityPoolId: t.poolId,
        PushSync: { ApplicationArns: [APNS_APP], RoleArn: ROLE },
      }),
    )
    return t
  }

  it("registers the identity's own device, with the same DeviceId for the same token", async () => {
    const t = await pushing()
    const alice = await t.device()
    const register = (Token: string, Platform: 'APNS' | 'GCM' = 'APNS') =>
      alice.sync.send(
        new RegisterDeviceCommand({
          IdentityPoolId: t.poolId,
          IdentityId: alice.identityId,
          Platform,
          Token,
        }),
      )
    const { DeviceId } = await register(TOKEN)
    expect(DeviceId).toMatch(/^[0-9a-f-]{36}$/)
    expect((await register(TOKEN)).DeviceId).toBe(DeviceId)
    expect((await register('e'.repeat(64))).DeviceId).not.toBe(DeviceId)
    // No application for GCM in the pool's PushSync.
    expect(await refusal(register(TOKEN, 'GCM'))).toBeInstanceOf(InvalidConfigurationException)
    const badPlatform = await refusal(
      alice.sync.send(
        new RegisterDeviceCommand({
          IdentityPoolId: t.poolId,
          IdentityId: alice.identityId,
          // biome-ignore lint/suspicious/noExplicitAny: a platform the model does not have
          Platform: 'WNS' as any,
          Token: TOKEN,
        }),
      ),
    )
    expect(badPlatform).toBeInstanceOf(InvalidParameterException)
    expect(badPlatform.message).toContain('platform')
  })

  it('needs push sync configured', async () => {
    const t = await syncFixture()
    const alice = await t.device()
    const refused = await refusal(
      alice.sync.send(
        new RegisterDeviceCommand({
          IdentityPoolId: t.poolId,
          IdentityId: alice.identityId,
          Platform: 'APNS',
          Token: TOKEN,
        }),
      ),
    )
    expect(refused).toBeInstanceOf(InvalidConfigurationException)
    expect(refused.$metadata.httpStatusCode).toBe(400)
  })

  it('subscribes and unsubscribes a registered device; the admin key may too', async () => {
    const t = await pushing()
    const alice = await t.device()
    const { DeviceId } = await alice.sync.send(
      new RegisterDeviceCommand({
        IdentityPoolId: t.poolId,
        IdentityId: alice.identityId,
        Platform: 'APNS',
        Token: TOKEN,
      }),
    )
    const target = {
      IdentityPoolId: t.poolId,
      IdentityId: alice.identityId,
      DatasetName: 'settings',
      DeviceId: DeviceId!,
    }
    const subscribers = async () =>
      (await datasetSubscribers(t.app.runtime.services, alice.identityId, 'settings')).map(
        (device) => device.DeviceId,
      )
    await alice.sync.send(new SubscribeToDatasetCommand(target))
    expect(await subscribers()).toEqual([DeviceId])
    await alice.sync.send(new UnsubscribeFromDatasetCommand(target))
    expect(await subscribers()).toEqual([])
    await t.adminSync.send(new SubscribeToDatasetCommand(target))
    expect(await subscribers()).toEqual([DeviceId])
  })

  it("refuses another identity's devices and paths, and a device never registered", async () => {
    const t = await pushing()
    const alice = await t.device()
    const bob = await t.device()
    const { DeviceId } = await bob.sync.send(
      new RegisterDeviceCommand({
        IdentityPoolId: t.poolId,
        IdentityId: bob.identityId,
        Platform: 'APNS',
        Token: TOKEN,
      }),
    )
    // Alice on Bob's path: refused before anything is read.
    const onBob = await refusal(
      alice.sync.send(
        new RegisterDeviceCommand({
          IdentityPoolId: t.poolId,
          IdentityId: bob.identityId,
          Platform: 'APNS',
          Token: TOKEN,
        }),
      ),
    )
    expect(onBob).toBeInstanceOf(NotAuthorizedException)
    expect(onBob.$metadata.httpStatusCode).toBe(403)
    expect(
      await refusal(
        alice.sync.send(
          new SubscribeToDatasetCommand({
            IdentityPoolId: t.poolId,
            IdentityId: bob.identityId,
            DatasetName: 'settings',
            DeviceId: DeviceId!,
          }),
        ),
      ),
    ).toBeInstanceOf(NotAuthorizedException)
    // Bob's device on Alice's own path: not hers.
    for (const command of [
      new SubscribeToDatasetCommand({
        IdentityPoolId: t.poolId,
        IdentityId: alice.identityId,
        DatasetName: 'settings',
        DeviceId: DeviceId!,
      }),
      new UnsubscribeFromDatasetCommand({
        IdentityPoolId: t.poolId,
        IdentityId: alice.identityId,
        DatasetName: 'settings',
        DeviceId: DeviceId!,
      }),
    ]) {
      // biome-ignore lint/suspicious/noExplicitAny: one loop over two commands
      const refused = await refusal(alice.sync.send(command as any))
      expect(refused).toBeInstanceOf(ResourceNotFoundException)
      expect(refused.$metadata.httpStatusCode).toBe(404)
    }
    expect(await datasetSubscribers(t.app.runtime.services, alice.identityId, 'settings')).toEqual(
      [],
    )
  })

  it('refuses an identity that is not the pool’s, even with the admin key', async () => {
    const t = await pushing()
    const refused = await refusal(
      t.adminSync.send(
        new RegisterDeviceCommand({
          IdentityPoolId: t.poolId,
          IdentityId: UNKNOWN_POOL,
          Platform: 'APNS',
          Token: TOKEN,
        }),
      ),
    )
    expect(refused).toBeInstanceOf(ResourceNotFoundException)
  })
})

describe('malformed bodies', () => {
  /** The SDK's request with its body replaced before signing: what a broken client would send. */
  function sendingBody(client: CognitoSyncClient, body: string) {
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown; headers: Record<string, string> }
        request.body = body
        request.headers['content-length'] = String(Buffer.byteLength(body))
        return next(args)
      },
      { step: 'build', name: 'replaceBody' },
    )
    return client
  }

  it('answer InvalidParameterException (400), never a 500, and change nothing', async () => {
    const t = await syncFixture()
    const IdentityPoolId = t.poolId
    const guest = await t.device()
    const cases: Array<[string, () => Promise<unknown>]> = []
    for (const body of [
      '{"PushSync":"x"}',
      '{"PushSync":{"ApplicationArns":"x"}}',
      '{"PushSync":{"ApplicationArns":[7]}}',
      '{"CognitoStreams":{"StreamingStatus":5}}',
      '{"CognitoStreams":[]}',
      '[]',
      'not json',
    ])
      cases.push([
        body,
        () =>
          sendingBody(syncClient(t.app), body).send(
            new SetIdentityPoolConfigurationCommand({ IdentityPoolId }),
          ),
      ])
    for (const body of ['{"Events":{"SyncTrigger":5}}', '{"Events":[]}', '{}'])
      cases.push([
        body,
        () =>
          sendingBody(syncClient(t.app), body).send(
            new SetCognitoEventsCommand({ IdentityPoolId, Events: {} }),
          ),
      ])
    for (const body of ['{"Platform":1,"Token":"t"}', '{"Platform":"APNS","Token":[]}', '{}'])
      cases.push([
        body,
        () =>
          sendingBody(t.syncAs(guest.answer), body).send(
            new RegisterDeviceCommand({
              IdentityPoolId,
              IdentityId: guest.identityId,
              Platform: 'APNS',
              Token: 't',
            }),
          ),
      ])
    for (const [body, call] of cases) {
      const refused = await refusal(call())
      expect(refused, body).toBeInstanceOf(InvalidParameterException)
      expect(refused.$metadata.httpStatusCode, body).toBe(400)
    }
    const read = await t.adminSync.send(new GetIdentityPoolConfigurationCommand({ IdentityPoolId }))
    expect(read.PushSync).toBeUndefined()
    expect(read.CognitoStreams).toBeUndefined()
    expect(
      (await t.adminSync.send(new GetCognitoEventsCommand({ IdentityPoolId }))).Events ?? {},
    ).toEqual({})
  })
})
