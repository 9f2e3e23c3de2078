import { CognitoSyncClient } from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import { CognitoSyncManager, memoryStore } from '../../../client/sync'

const IDENTITY = 'us-east-1:00000000-0000-4000-8000-000000000001'

/** An SDK client with no network: every request fails as a dropped connection does. */
function offlineClient(): CognitoSyncClient {
  return new CognitoSyncClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAOFFLINE000000000', secretAccessKey: 'offline' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => {
        throw Object.assign(new Error('connect ENETUNREACH'), { name: 'TypeError' })
      },
    },
  })
}

function offlineManager(clock = { now: 1_700_000_000_000 }, store = memoryStore()) {
  return new CognitoSyncManager({
    identityPoolId: 'us-east-1:pool',
    region: 'us-east-1',
    credentials: async () => {
      throw new Error('no credentials offline')
    },
    identityId: IDENTITY,
    store,
    client: offlineClient(),
    now: () => clock.now,
  })
}

describe('a dataset offline', () => {
  it('reads its own writes, removals and all, without the network', async () => {
    const dataset = await offlineManager().openOrCreateDataset('settings')
    await dataset.put('colour', 'blue')
    await dataset.put('size', 'large')
    await dataset.put('colour', 'red')
    await dataset.remove('size')
    expect(await dataset.get('colour')).toBe('red')
    expect(await dataset.get('size')).toBeUndefined()
    expect(await dataset.getAll()).toEqual({ colour: 'red' })
  })

  it('flags each write dirty with this device’s date, to push at the next synchronize', async () => {
    const clock = { now: 1_700_000_000_000 }
    const dataset = await offlineManager(clock).openOrCreateDataset('settings')
    await dataset.put('colour', 'blue')
    clock.now += 5_000
    await dataset.put('size', 'large')
    expect(await dataset.getAllRecords()).toEqual([
      {
        key: 'colour',
        value: 'blue',
        syncCount: 0,
        deviceLastModifiedDate: new Date(1_700_000_000_000),
        dirty: true,
      },
      {
        key: 'size',
        value: 'large',
        syncCount: 0,
        deviceLastModifiedDate: new Date(1_700_000_005_000),
        dirty: true,
      },
    ])
  })

  it('forgets a removed key the server never saw, rather than pushing its removal', async () => {
    const dataset = await offlineManager().openOrCreateDataset('settings')
    await dataset.put('draft', 'x')
    await dataset.remove('draft')
    expect(await dataset.getRecord('draft')).toBeUndefined()
  })

  it('keeps every one of many concurrent writes', async () => {
    const dataset = await offlineManager().openOrCreateDataset('settings')
    await Promise.all(Array.from({ length: 50 }, (_, i) => dataset.put(`key-${i}`, `value-${i}`)))
    expect(Object.keys(await dataset.getAll())).toHaveLength(50)
  })

  it('keeps the writes when a synchronize fails for want of a network', async () => {
    const store = memoryStore()
    const dataset = await offlineManager(undefined, store).openOrCreateDataset('settings')
    await dataset.put('colour', 'blue')
    await expect(dataset.synchronize()).rejects.toThrow(/ENETUNREACH/)
    expect(await dataset.getRecord('colour')).toMatchObject({ value: 'blue', dirty: true })
    // The same cache, read by a manager started later (the page reloaded), still has them.
    const later = await offlineManager(undefined, store).openOrCreateDataset('settings')
    expect(await later.get('colour')).toBe('blue')
  })

  it('refuses what Cognito would refuse at the push, at the write', async () => {
    const manager = offlineManager()
    const dataset = await manager.openOrCreateDataset('settings')
    await expect(dataset.put('', 'x')).rejects.toThrow(RangeError)
    await expect(dataset.put('k'.repeat(1025), 'x')).rejects.toThrow(RangeError)
    await expect(dataset.put('k', 'v'.repeat(1_048_576))).rejects.toThrow(RangeError)
    await expect(manager.openOrCreateDataset('no spaces')).rejects.toThrow(RangeError)
    await expect(manager.openOrCreateDataset('n'.repeat(129))).rejects.toThrow(RangeError)
  })

  it('lists the datasets cached for its identity', async () => {
    const manager = offlineManager()
    await (await manager.openOrCreateDataset('settings')).put('a', '1')
    await (await manager.openOrCreateDataset('game.state')).put('b', '2')
    expect((await manager.listDatasets()).sort()).toEqual(['game.state', 'settings'])
  })
})

describe('the identity', () => {
  it('is read once from identity-pool credentials when not given', async () => {
    let calls = 0
    const manager = new CognitoSyncManager({
      identityPoolId: 'us-east-1:pool',
      region: 'us-east-1',
      credentials: async () => {
        calls++
        return { accessKeyId: 'AKIA', secretAccessKey: 's', identityId: IDENTITY }
      },
      client: offlineClient(),
    })
    expect(await manager.identityId()).toBe(IDENTITY)
    expect(await manager.identityId()).toBe(IDENTITY)
    expect(calls).toBe(1)
  })

  it('says so when the credentials carry none', async () => {
    const manager = new CognitoSyncManager({
      identityPoolId: 'us-east-1:pool',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
      client: offlineClient(),
    })
    await expect(manager.identityId()).rejects.toThrow(/identityId/)
  })
})
