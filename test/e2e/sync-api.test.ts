import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  CognitoSyncClient,
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  DescribeIdentityUsageCommand,
  LimitExceededException,
  ListDatasetsCommand,
  ListRecordsCommand,
  NotAuthorizedException,
  type RecordPatch,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateRecordsCommand,
} from '@aws-sdk/client-cognito-sync'
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createUserPoolWithClient,
  REGION,
  signedInUser,
  syncIdentityPool,
  type UserPoolWithClient,
} from './support/identity-pool-fixture'
import { type RunningWorker, startWorker } from './support/worker'

/**
 * Cognito Sync on a real Worker (Durable Objects under Miniflare) with the unmodified
 * `@aws-sdk/client-cognito-sync`, signed with identity-pool credentials as an app gets them
 * (`fromCognitoIdentityPool`), at the `/sync` endpoint path.
 */
describe('Cognito Sync API (real worker, unmodified SDK, identity-pool credentials)', () => {
  let worker: RunningWorker
  let userPool: UserPoolWithClient
  let identityPoolId: string

  /** An app's sync client: its identity (a guest without logins) and the SDK client on its credentials. */
  async function device(logins?: Record<string, string>) {
    const credentials = fromCognitoIdentityPool({
      identityPoolId,
      ...(logins ? { logins } : {}),
      // Each device keeps its own identity id (the SDK's default cache is one per process).
      cache: deviceCache(),
      clientConfig: { region: REGION, endpoint: worker.endpoint, maxAttempts: 1 },
    })
    const { identityId } = await credentials()
    const sync = new CognitoSyncClient({
      region: REGION,
      endpoint: `${worker.endpoint}/sync`,
      credentials,
      maxAttempts: 1,
    })
    const at = (DatasetName: string) => ({
      IdentityPoolId: identityPoolId,
      IdentityId: identityId,
      DatasetName,
    })
    const pull = (DatasetName: string, LastSyncCount?: number) =>
      sync.send(
        new ListRecordsCommand({ ...at(DatasetName), ...(LastSyncCount ? { LastSyncCount } : {}) }),
      )
    const push = async (DatasetName: string, RecordPatches: RecordPatch[]) => {
      const { SyncSessionToken } = await pull(DatasetName)
      return sync.send(
        new UpdateRecordsCommand({
          ...at(DatasetName),
          SyncSessionToken: SyncSessionToken!,
          RecordPatches,
        }),
      )
    }
    return { identityId, sync, at, pull, push }
  }

  /** The storage a device keeps its identity id in, as a browser's localStorage would. */
  function deviceCache() {
    const items = new Map<string, string>()
    return {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    }
  }

  const replace = (Key: string, Value: string, SyncCount = 0): RecordPatch => ({
    Op: 'replace',
    Key,
    Value,
    SyncCount,
  })

  beforeAll(async () => {
    worker = await startWorker()
    userPool = await createUserPoolWithClient(worker, { poolName: 'sync', clientName: 'app' })
    identityPoolId = await syncIdentityPool(
      worker,
      userPool,
      'arn:aws:cognito-sync:*:*:identitypool/${cognito-identity.amazonaws.com:aud}/identity/${cognito-identity.amazonaws.com:sub}*',
    )
  }, 120_000)

  afterAll(async () => {
    await worker?.stop()
  })

  it('lists, updates, lists again and deletes a dataset', async () => {
    const me = await device()
    const empty = await me.pull('settings')
    expect(empty).toMatchObject({ DatasetExists: false, Records: [], DatasetSyncCount: 0 })
    const written = await me.push('settings', [replace('theme', 'dark'), replace('volume', '7')])
    expect(written.Records!.map((r) => [r.Key, r.SyncCount])).toEqual([
      ['theme', 1],
      ['volume', 1],
    ])
    const all = await me.pull('settings')
    expect(all).toMatchObject({
      DatasetExists: true,
      DatasetSyncCount: 1,
      LastModifiedBy: me.identityId,
    })
    expect(all.Records!.map((r) => [r.Key, r.Value])).toEqual([
      ['theme', 'dark'],
      ['volume', '7'],
    ])
    await me.push('settings', [{ Op: 'remove', Key: 'theme', SyncCount: 1 }])
    const changed = await me.pull('settings', 1)
    expect(changed.Records!.map((r) => [r.Key, r.Value, r.SyncCount])).toEqual([
      ['theme', undefined, 2],
    ])
    const listed = await me.sync.send(
      new ListDatasetsCommand({ IdentityPoolId: identityPoolId, IdentityId: me.identityId }),
    )
    expect(listed.Datasets!.map((d) => [d.DatasetName, d.NumRecords])).toEqual([['settings', 1]])
    const usage = await me.sync.send(
      new DescribeIdentityUsageCommand({
        IdentityPoolId: identityPoolId,
        IdentityId: me.identityId,
      }),
    )
    expect(usage.IdentityUsage).toMatchObject({ DatasetCount: 1, DataStorage: 7 })
    await me.sync.send(new DeleteDatasetCommand(me.at('settings')))
    await expect(
      me.sync.send(new DescribeDatasetCommand(me.at('settings'))),
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    expect(await me.pull('settings', 2)).toMatchObject({
      DatasetExists: false,
      DatasetDeletedAfterRequestedSyncCount: true,
    })
  })

  it('answers a stale SyncCount with 409 and writes nothing', async () => {
    const me = await device()
    await me.push('game', [replace('score', '10')])
    const refused = await me
      .push('game', [replace('level', '2'), replace('score', '99', 0)])
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ResourceConflictException)
    expect((refused as ResourceConflictException).$metadata.httpStatusCode).toBe(409)
    const after = await me.pull('game')
    expect(after.DatasetSyncCount).toBe(1)
    expect(after.Records!.map((r) => [r.Key, r.Value])).toEqual([['score', '10']])
  })

  it('keeps one identity out of another’s datasets (403)', async () => {
    const alice = await device()
    const bob = await device()
    await bob.push('private', [replace('secret', 'bob')])
    const refused = await alice.sync
      .send(new ListRecordsCommand(bob.at('private')))
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(NotAuthorizedException)
    expect((refused as NotAuthorizedException).$metadata.httpStatusCode).toBe(403)
    await expect(
      alice.sync.send(
        new ListDatasetsCommand({ IdentityPoolId: identityPoolId, IdentityId: bob.identityId }),
      ),
    ).rejects.toBeInstanceOf(NotAuthorizedException)
  })

  it('refuses what Cognito’s quotas refuse, writing nothing', async () => {
    const me = await device()
    await me.push('big', [replace('a', 'x'.repeat(700_000))])
    await expect(me.push('big', [replace('b', 'y'.repeat(400_000))])).rejects.toBeInstanceOf(
      LimitExceededException,
    )
    expect((await me.pull('big')).Records!.map((r) => r.Key)).toEqual(['a'])
    for (let i = 1; i < 20; i++) await me.push(`set-${i}`, [replace('k', 'v')])
    await expect(me.push('one-too-many', [replace('k', 'v')])).rejects.toBeInstanceOf(
      LimitExceededException,
    )
  })

  it('keeps a guest’s datasets when it signs in to an identity it is merged into', async () => {
    const token = await signedInUser(worker, userPool, 'alice')
    const logins = { [userPool.provider]: token }
    const phone = await device(logins)
    await phone.push('prefs', [replace('theme', 'light')])
    const tablet = await device()
    await tablet.push('prefs', [replace('theme', 'dark')])
    // The tablet signs in: its guest identity is merged into the one the login already has.
    const identity = new CognitoIdentityClient({
      region: REGION,
      endpoint: worker.endpoint,
      maxAttempts: 1,
    })
    const signedIn = await identity.send(
      new GetCredentialsForIdentityCommand({ IdentityId: tablet.identityId, Logins: logins }),
    )
    expect(signedIn.IdentityId).toBe(phone.identityId)
    const own = await phone.pull('prefs')
    const mergedName = `prefs.${tablet.identityId}`
    expect(own.MergedDatasetNames).toEqual([mergedName])
    const merged = await phone.pull(mergedName)
    expect(merged.Records!.map((r) => [r.Key, r.Value])).toEqual([['theme', 'dark']])
    await phone.sync.send(new DeleteDatasetCommand(phone.at(mergedName)))
    expect((await phone.pull('prefs')).MergedDatasetNames).toEqual([])
  })
})
