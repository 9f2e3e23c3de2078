import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentitiesCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  AlreadyStreamedException,
  BulkPublishCommand,
  CognitoSyncClient,
  DescribeIdentityPoolUsageCommand,
  DescribeIdentityUsageCommand,
  DuplicateRequestException,
  GetBulkPublishDetailsCommand,
  GetCognitoEventsCommand,
  GetIdentityPoolConfigurationCommand,
  InvalidParameterException,
  ListDatasetsCommand,
  ListIdentityPoolUsageCommand,
  ListRecordsCommand,
  NotAuthorizedException,
  RegisterDeviceCommand,
  ResourceNotFoundException,
  SetCognitoEventsCommand,
  SetIdentityPoolConfigurationCommand,
  SubscribeToDatasetCommand,
  UnsubscribeFromDatasetCommand,
  UpdateRecordsCommand,
} from '@aws-sdk/client-cognito-sync'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  adminConfig,
  createRole,
  REGION,
  setIdentityPoolRoles,
  trustPolicyForPool,
} from './support/identity-pool-fixture'
import { type RunningWorker, startWorker } from './support/worker'

const ROLE = 'arn:aws:iam::000000000000:role/cognito-sync'
const APNS_APP = 'arn:aws:sns:us-east-1:000000000000:app/APNS_SANDBOX/portcullis'
const TRIGGER = 'arn:aws:lambda:us-east-1:000000000000:function:sync-trigger'

/**
 * The pool settings, usage, bulk publish and device operations of Cognito Sync on a real Worker,
 * with the unmodified @aws-sdk/client-cognito-sync signed with the Worker's admin key and with a
 * guest identity's credentials from GetCredentialsForIdentity.
 */
describe('Cognito Sync pool settings and devices (real worker, unmodified SDK)', () => {
  let worker: RunningWorker
  let IdentityPoolId: string
  let admin: CognitoSyncClient

  /** A guest identity of the pool, and a sync client on its credentials at `path`. */
  async function guest(path = '') {
    const identity = new CognitoIdentityClient({ region: REGION, endpoint: worker.endpoint })
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId }))
    const { Credentials } = await identity.send(
      new GetCredentialsForIdentityCommand({ IdentityId: IdentityId! }),
    )
    const sync = new CognitoSyncClient({
      region: REGION,
      endpoint: `${worker.endpoint}${path}`,
      maxAttempts: 1,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    })
    return { IdentityId: IdentityId!, sync }
  }

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('the call succeeded')
      },
      (error: unknown) => error as Error & { $metadata: { httpStatusCode?: number } },
    )

  beforeAll(async () => {
    worker = await startWorker()
    admin = new CognitoSyncClient(adminConfig(worker))
    IdentityPoolId = (
      await new CognitoIdentityClient(adminConfig(worker)).send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'sync_pool',
          AllowUnauthenticatedIdentities: true,
        }),
      )
    ).IdentityPoolId!
    const guests = await createRole(worker, {
      name: 'sync-guests',
      trustPolicy: trustPolicyForPool(IdentityPoolId, { amr: 'unauthenticated' }),
      policyName: 'sync',
      statements: [{ Effect: 'Allow', Action: 'cognito-sync:*', Resource: '*' }],
    })
    await setIdentityPoolRoles(worker, IdentityPoolId, { unauthenticated: guests })
  }, 120_000)

  afterAll(async () => {
    await worker?.stop()
  })

  it('keeps the configuration and events for admin keys, and refuses them to identities', async () => {
    const set = await admin.send(
      new SetIdentityPoolConfigurationCommand({
        IdentityPoolId,
        PushSync: { ApplicationArns: [APNS_APP], RoleArn: ROLE },
        CognitoStreams: { StreamName: 'sync-stream', RoleArn: ROLE, StreamingStatus: 'ENABLED' },
      }),
    )
    expect(set.PushSync).toEqual({ ApplicationArns: [APNS_APP], RoleArn: ROLE })
    expect(
      (await admin.send(new GetIdentityPoolConfigurationCommand({ IdentityPoolId })))
        .CognitoStreams,
    ).toEqual({ StreamName: 'sync-stream', RoleArn: ROLE, StreamingStatus: 'ENABLED' })
    await admin.send(
      new SetCognitoEventsCommand({ IdentityPoolId, Events: { SyncTrigger: TRIGGER } }),
    )
    expect((await admin.send(new GetCognitoEventsCommand({ IdentityPoolId }))).Events).toEqual({
      SyncTrigger: TRIGGER,
    })

    const bad = await refusal(
      admin.send(
        new SetIdentityPoolConfigurationCommand({
          IdentityPoolId,
          CognitoStreams: { StreamName: 'x', RoleArn: 'not-a-role', StreamingStatus: 'ENABLED' },
        }),
      ),
    )
    expect(bad).toBeInstanceOf(InvalidParameterException)
    expect(bad.$metadata.httpStatusCode).toBe(400)

    const { sync } = await guest('/sync')
    for (const command of [
      new GetIdentityPoolConfigurationCommand({ IdentityPoolId }),
      new SetCognitoEventsCommand({ IdentityPoolId, Events: { SyncTrigger: '' } }),
      new DescribeIdentityPoolUsageCommand({ IdentityPoolId }),
      new BulkPublishCommand({ IdentityPoolId }),
    ]) {
      // biome-ignore lint/suspicious/noExplicitAny: one loop over commands of different outputs
      const refused = await refusal(sync.send(command as any))
      expect(refused).toBeInstanceOf(NotAuthorizedException)
      expect(refused.$metadata.httpStatusCode).toBe(403)
    }
    expect((await admin.send(new GetCognitoEventsCommand({ IdentityPoolId }))).Events).toEqual({
      SyncTrigger: TRIGGER,
    })
    // No target runs this function here: the identities' syncs below would be refused by it.
    await admin.send(new SetCognitoEventsCommand({ IdentityPoolId, Events: { SyncTrigger: '' } }))
  })

  it("counts an identity's accepted syncs in the pool's usage", async () => {
    const { IdentityId, sync } = await guest()
    const at = { IdentityPoolId, IdentityId, DatasetName: 'settings' }
    const pulled = await sync.send(new ListRecordsCommand(at))
    await sync.send(
      new UpdateRecordsCommand({
        ...at,
        SyncSessionToken: pulled.SyncSessionToken!,
        RecordPatches: [{ Op: 'replace', Key: 'theme', Value: 'dark', SyncCount: 0 }],
      }),
    )
    // The count is kept after the answer (the Worker's waitUntil).
    await vi.waitFor(
      async () => {
        const usage = (await admin.send(new DescribeIdentityPoolUsageCommand({ IdentityPoolId })))
          .IdentityPoolUsage!
        expect(usage).toMatchObject({ IdentityPoolId, SyncSessionsCount: 1, DataStorage: 9 })
        expect(usage.LastModifiedDate).toBeInstanceOf(Date)
      },
      { timeout: 10_000, interval: 100 },
    )
    const listed = await admin.send(new ListIdentityPoolUsageCommand({ MaxResults: 10 }))
    expect(listed.IdentityPoolUsages?.map((u) => u.IdentityPoolId)).toContain(IdentityPoolId)
  })

  it('records a bulk publish, refuses a second while it runs, and reports its status', async () => {
    expect(
      (await admin.send(new GetBulkPublishDetailsCommand({ IdentityPoolId }))).BulkPublishStatus,
    ).toBe('NOT_STARTED')
    expect(await admin.send(new BulkPublishCommand({ IdentityPoolId }))).toMatchObject({
      IdentityPoolId,
    })
    const details = await admin.send(new GetBulkPublishDetailsCommand({ IdentityPoolId }))
    expect(details.BulkPublishStatus).toBe('IN_PROGRESS')
    expect(details.BulkPublishStartTime).toBeInstanceOf(Date)
    const again = await refusal(admin.send(new BulkPublishCommand({ IdentityPoolId })))
    expect(again).toBeInstanceOf(DuplicateRequestException)
    expect(again).not.toBeInstanceOf(AlreadyStreamedException)
  })

  it("registers and subscribes the identity's own device, and keeps identities apart", async () => {
    const alice = await guest()
    const bob = await guest('/sync')
    const { DeviceId } = await alice.sync.send(
      new RegisterDeviceCommand({
        IdentityPoolId,
        IdentityId: alice.IdentityId,
        Platform: 'APNS_SANDBOX',
        Token: 'ab'.repeat(32),
      }),
    )
    expect(DeviceId).toMatch(/^[0-9a-f-]{36}$/)
    const again = await alice.sync.send(
      new RegisterDeviceCommand({
        IdentityPoolId,
        IdentityId: alice.IdentityId,
        Platform: 'APNS_SANDBOX',
        Token: 'ab'.repeat(32),
      }),
    )
    expect(again.DeviceId).toBe(DeviceId)
    const subscription = {
      IdentityPoolId,
      IdentityId: alice.IdentityId,
      DatasetName: 'settings',
      DeviceId: DeviceId!,
    }
    await alice.sync.send(new SubscribeToDatasetCommand(subscription))
    await alice.sync.send(new UnsubscribeFromDatasetCommand(subscription))

    const foreign = await refusal(bob.sync.send(new SubscribeToDatasetCommand(subscription)))
    expect(foreign).toBeInstanceOf(NotAuthorizedException)
    expect(foreign.$metadata.httpStatusCode).toBe(403)
    const notHers = await refusal(
      bob.sync.send(new SubscribeToDatasetCommand({ ...subscription, IdentityId: bob.IdentityId })),
    )
    expect(notHers).toBeInstanceOf(ResourceNotFoundException)
    expect(notHers.$metadata.httpStatusCode).toBe(404)
  })
  it("deletes an identity's sync data with the identity, and its pool usage with it", async () => {
    const usage = async () =>
      (await admin.send(new DescribeIdentityPoolUsageCommand({ IdentityPoolId })))
        .IdentityPoolUsage!
    const before = await usage()
    const { IdentityId, sync } = await guest()
    const at = { IdentityPoolId, IdentityId, DatasetName: 'doomed' }
    const pulled = await sync.send(new ListRecordsCommand(at))
    await sync.send(
      new UpdateRecordsCommand({
        ...at,
        SyncSessionToken: pulled.SyncSessionToken!,
        RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'twelve bytes', SyncCount: 0 }],
      }),
    )
    await vi.waitFor(
      async () =>
        expect((await usage()).SyncSessionsCount).toBe((before.SyncSessionsCount ?? 0) + 1),
      { timeout: 10_000, interval: 100 },
    )

    await new CognitoIdentityClient(adminConfig(worker)).send(
      new DeleteIdentitiesCommand({ IdentityIdsToDelete: [IdentityId] }),
    )

    const listing = await refusal(
      admin.send(new ListDatasetsCommand({ IdentityPoolId, IdentityId })),
    )
    expect(listing).toBeInstanceOf(InvalidParameterException)
    const described = await refusal(
      admin.send(new DescribeIdentityUsageCommand({ IdentityPoolId, IdentityId })),
    )
    expect(described).toBeInstanceOf(ResourceNotFoundException)
    expect(described.$metadata.httpStatusCode).toBe(404)
    expect(await usage()).toMatchObject({
      SyncSessionsCount: before.SyncSessionsCount,
      DataStorage: before.DataStorage,
    })
  })
})
