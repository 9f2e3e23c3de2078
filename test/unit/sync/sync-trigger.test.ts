import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import {
  InvalidLambdaFunctionOutputException,
  LambdaSocketTimeoutException,
  LambdaThrottledException,
} from '../../../src/errors/sync'
import { setCognitoEvents } from '../../../src/sync/events/cognito-events'
import { applySyncTrigger } from '../../../src/sync/events/run-sync-trigger'
import type { SyncTriggerEvent } from '../../../src/sync/events/sync-trigger-event'
import { testApp } from '../support/app'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:sync-trigger'
const POOL = 'us-east-1:00000000-0000-4000-8000-000000000001'
const IDENTITY = 'us-east-1:00000000-0000-4000-8000-0000000000aa'

/** A webhook target that answers 429, as a throttled function's endpoint would. */
const throttling = createServer((_request, response) => {
  response.statusCode = 429
  response.end('{"message":"Rate exceeded"}')
})
await new Promise<void>((resolve) => throttling.listen(0, '127.0.0.1', resolve))
afterAll(() => throttling.close())

/** The Worker with the SyncTrigger's function bound as a service, doing what `fn` does. */
async function withTrigger(fn: (event: SyncTriggerEvent) => Promise<unknown>) {
  const calls: SyncTriggerEvent[] = []
  const app = testApp(
    {
      TRIGGER_TARGETS: JSON.stringify({
        [ARN]: { service: 'SYNC_FUNCTIONS', method: 'syncTrigger' },
        [`${ARN}-throttled`]: {
          webhook: `http://127.0.0.1:${(throttling.address() as AddressInfo).port}/`,
        },
      }),
      TRIGGER_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 7).toString('base64')}`,
    },
    {
      SYNC_FUNCTIONS: {
        syncTrigger: async (event: SyncTriggerEvent) => {
          calls.push(event)
          return fn(event)
        },
      },
    },
  )
  const services = app.runtime.services
  await setCognitoEvents(services, POOL, { SyncTrigger: ARN })
  return { services, calls }
}

const sync = {
  identityPoolId: POOL,
  identityId: IDENTITY,
  datasetName: 'game',
  callerIsIdentity: true,
  current: new Map([['level', '3']]),
  patches: [{ op: 'replace' as const, key: 'level', value: '4' }],
}

describe('the SyncTrigger step of UpdateRecords', () => {
  it("sends Cognito's event and writes the records the function answers with", async () => {
    const { services, calls } = await withTrigger(async (event) => ({
      ...event,
      datasetRecords: {
        ...event.datasetRecords,
        level: { ...event.datasetRecords.level, newValue: '5', op: 'replace' },
        award: { newValue: 'level-5', op: 'replace' },
      },
    }))
    expect(await applySyncTrigger(services, sync)).toEqual([
      { op: 'replace', key: 'level', value: '5' },
      { op: 'replace', key: 'award', value: 'level-5' },
    ])
    expect(calls).toEqual([
      {
        version: 2,
        eventType: 'SyncTrigger',
        region: 'us-east-1',
        identityPoolId: POOL,
        identityId: IDENTITY,
        datasetName: 'game',
        datasetRecords: { level: { oldValue: '3', newValue: '4', op: 'replace' } },
      },
    ])
  })

  it('is not invoked for developer credentials, nor for a pool without a SyncTrigger', async () => {
    const { services, calls } = await withTrigger(async () => {
      throw new Error('must not run')
    })
    expect(await applySyncTrigger(services, { ...sync, callerIsIdentity: false })).toEqual(
      sync.patches,
    )
    await setCognitoEvents(services, POOL, { SyncTrigger: '' })
    expect(await applySyncTrigger(services, sync)).toEqual(sync.patches)
    expect(calls).toEqual([])
  })

  it("answers InvalidLambdaFunctionOutputException for the function's error or a bad answer", async () => {
    const failing = await withTrigger(async () => {
      throw new Error('level too high')
    })
    const error = await applySyncTrigger(failing.services, sync).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidLambdaFunctionOutputException)
    expect((error as Error).message).toContain('level too high')
    const rewriting = await withTrigger(async (event) => ({ ...event, identityId: 'someone' }))
    await expect(applySyncTrigger(rewriting.services, sync)).rejects.toBeInstanceOf(
      InvalidLambdaFunctionOutputException,
    )
    const garbage = await withTrigger(async () => 'yes')
    await expect(applySyncTrigger(garbage.services, sync)).rejects.toBeInstanceOf(
      InvalidLambdaFunctionOutputException,
    )
  })

  it('answers LambdaThrottledException when the function is throttled', async () => {
    const { services } = await withTrigger(async (event) => event)
    await setCognitoEvents(services, POOL, { SyncTrigger: `${ARN}-throttled` })
    const error = await applySyncTrigger(services, sync).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LambdaThrottledException)
    expect((error as LambdaThrottledException).status).toBe(429)
  })

  it('answers LambdaSocketTimeoutException when the function runs over its budget', async () => {
    const { services } = await withTrigger(() => new Promise(() => undefined))
    await expect(
      applySyncTrigger({ ...services, triggerBudgetMs: 20 }, sync),
    ).rejects.toBeInstanceOf(LambdaSocketTimeoutException)
  })
})
