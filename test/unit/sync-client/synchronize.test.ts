import {
  type CognitoSyncClient,
  DeleteDatasetCommand,
  ListRecordsCommand,
} from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import {
  CognitoSyncManager,
  type LocalStore,
  SyncConflictRetriesExhausted,
  memoryStore,
} from '../../../client/sync'
import { type SyncFixture, syncFixture } from '../support/sync-fixture'

const DATASET = 'settings'

/** Runs `work` once, just before the client's next UpdateRecords leaves (after its pull). */
function beforeNextPush(client: CognitoSyncClient) {
  const pending: Array<() => Promise<void>> = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UpdateRecordsCommand') await pending.shift()?.()
      return next(args)
    },
    { step: 'initialize', name: 'beforeNextPush' },
  )
  return (work: () => Promise<void>) => void pending.push(work)
}

/** Runs `work` once, just after the client's next ListRecords answered (before it is applied). */
function afterNextPull(client: CognitoSyncClient) {
  const pending: Array<() => Promise<void>> = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const answer = await next(args)
      if (context.commandName === 'ListRecordsCommand') await pending.shift()?.()
      return answer
    },
    { step: 'initialize', name: 'afterNextPull' },
  )
  return (work: () => Promise<void>) => void pending.push(work)
}

/**
 * One device of an identity: the sync client on the identity's own credentials over the in-process
 * Worker, its own cache and its own clock for device dates.
 */
async function device(t: SyncFixture, identityId?: string, store: LocalStore = memoryStore()) {
  const session = await t.device(undefined, identityId)
  const clock = { now: t.app.now() }
  const manager = new CognitoSyncManager({
    identityPoolId: t.poolId,
    region: 'us-east-1',
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    identityId: session.identityId,
    client: session.sync,
    store,
    now: () => clock.now,
  })
  const dataset = await manager.openOrCreateDataset(DATASET)
  return { identityId: session.identityId, manager, dataset, clock, sync: session.sync }
}

const serverRecords = async (t: SyncFixture, identityId: string) =>
  (
    await t.adminSync.send(
      new ListRecordsCommand({
        IdentityPoolId: t.poolId,
        IdentityId: identityId,
        DatasetName: DATASET,
      }),
    )
  ).Records ?? []

describe('synchronize against the sync API', () => {
  it('pushes a device’s offline writes, and another device pulls them', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    await phone.dataset.put('colour', 'blue')
    await phone.dataset.put('size', 'large')
    const pushed = await phone.dataset.synchronize()
    expect(pushed).toMatchObject({ status: 'synchronized', conflicts: 0, attempts: 1 })
    expect(pushed.pushed.map((r) => [r.key, r.value])).toEqual([
      ['colour', 'blue'],
      ['size', 'large'],
    ])
    expect(await phone.dataset.getRecord('colour')).toMatchObject({ dirty: false, syncCount: 1 })
    expect(await phone.dataset.getLastSyncCount()).toBe(1)

    const laptop = await device(t, phone.identityId)
    const pulled = await laptop.dataset.synchronize()
    expect(pulled.pulled.map((r) => r.key).sort()).toEqual(['colour', 'size'])
    expect(await laptop.dataset.getAll()).toEqual({ colour: 'blue', size: 'large' })
    expect(await laptop.dataset.getLastSyncCount()).toBe(1)
  })

  it('carries a removal to the other device, and a later put of the key over it', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    const laptop = await device(t, phone.identityId)
    await phone.dataset.put('colour', 'blue')
    await phone.dataset.synchronize()
    await laptop.dataset.synchronize()
    await phone.dataset.remove('colour')
    await phone.dataset.synchronize()
    await laptop.dataset.synchronize()
    expect(await laptop.dataset.getAll()).toEqual({})
    await laptop.dataset.put('colour', 'green')
    await laptop.dataset.synchronize()
    await phone.dataset.synchronize()
    expect(await phone.dataset.getAll()).toEqual({ colour: 'green' })
  })

  it('settles two offline edits of one key by the more recent, by default', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    const laptop = await device(t, phone.identityId)
    await phone.dataset.put('colour', 'blue')
    await phone.dataset.synchronize()
    await laptop.dataset.synchronize()
    // Both offline: the phone edits first, the laptop a minute later; the phone syncs first.
    await phone.dataset.put('colour', 'red')
    laptop.clock.now += 60_000
    await laptop.dataset.put('colour', 'green')
    await phone.dataset.synchronize()
    const laptopSync = await laptop.dataset.synchronize()
    expect(laptopSync.conflicts).toBe(1)
    await phone.dataset.synchronize()
    expect(await phone.dataset.get('colour')).toBe('green')
    expect(await laptop.dataset.get('colour')).toBe('green')
    expect((await serverRecords(t, phone.identityId)).find((r) => r.Key === 'colour')?.Value).toBe(
      'green',
    )
  })

  it('keeps the server’s record when it is the more recent', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    const laptop = await device(t, phone.identityId)
    await laptop.dataset.put('colour', 'green')
    phone.clock.now += 60_000
    await phone.dataset.put('colour', 'red')
    await phone.dataset.synchronize()
    await laptop.dataset.synchronize()
    expect(await laptop.dataset.getRecord('colour')).toMatchObject({ value: 'red', dirty: false })
  })

  it('hands conflicts to onConflict: remote, local or a value of its own', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    const laptop = await device(t, phone.identityId)
    await phone.dataset.put('a', 'phone-a')
    await phone.dataset.put('b', 'phone-b')
    await phone.dataset.put('c', 'phone-c')
    await phone.dataset.synchronize()
    await laptop.dataset.put('a', 'laptop-a')
    await laptop.dataset.put('b', 'laptop-b')
    await laptop.dataset.put('c', 'laptop-c')
    const seen: Array<[string, string | null, string | null]> = []
    const result = await laptop.dataset.synchronize({
      onConflict(dataset, conflicts) {
        expect(dataset).toBe(laptop.dataset)
        for (const c of conflicts) seen.push([c.key, c.localRecord.value, c.remoteRecord.value])
        return conflicts.map((c) =>
          c.key === 'a'
            ? c.resolveWithRemoteRecord()
            : c.key === 'b'
              ? c.resolveWithLocalRecord()
              : c.resolveWithValue(`${c.localRecord.value}+${c.remoteRecord.value}`),
        )
      },
    })
    expect(seen.sort()).toEqual([
      ['a', 'laptop-a', 'phone-a'],
      ['b', 'laptop-b', 'phone-b'],
      ['c', 'laptop-c', 'phone-c'],
    ])
    expect(result).toMatchObject({ status: 'synchronized', conflicts: 3 })
    await phone.dataset.synchronize()
    const expected = { a: 'phone-a', b: 'laptop-b', c: 'laptop-c+phone-c' }
    expect(await laptop.dataset.getAll()).toEqual(expected)
    expect(await phone.dataset.getAll()).toEqual(expected)
  })

  it('stops with nothing applied when onConflict answers false', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    const laptop = await device(t, phone.identityId)
    await phone.dataset.put('colour', 'blue')
    await phone.dataset.synchronize()
    await laptop.dataset.put('colour', 'green')
    const result = await laptop.dataset.synchronize({ onConflict: () => false })
    expect(result).toMatchObject({ status: 'stopped', reason: 'conflict' })
    expect(await laptop.dataset.getRecord('colour')).toMatchObject({ value: 'green', dirty: true })
    expect(await laptop.dataset.getLastSyncCount()).toBe(0)
  })

  it('re-pulls, settles and retries when a push meets a newer write (409)', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    const laptop = await device(t, phone.identityId)
    await phone.dataset.put('colour', 'blue')
    await phone.dataset.synchronize()
    await laptop.dataset.synchronize()
    await phone.dataset.put('colour', 'red')
    // Between the phone's pull and its push, the laptop writes the same key and pushes first.
    beforeNextPush(phone.sync)(async () => {
      laptop.clock.now += 60_000
      await laptop.dataset.put('colour', 'green')
      expect((await laptop.dataset.synchronize()).pushed).toHaveLength(1)
    })
    const result = await phone.dataset.synchronize()
    expect(result).toMatchObject({ status: 'synchronized', attempts: 2, conflicts: 1 })
    await laptop.dataset.synchronize()
    expect(await phone.dataset.get('colour')).toBe('green')
    expect(await laptop.dataset.get('colour')).toBe('green')
  })

  it('still pulls another key another device pushed between its pull and its push', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    const laptop = await device(t, phone.identityId)
    await phone.dataset.put('colour', 'blue')
    beforeNextPush(phone.sync)(async () => {
      await laptop.dataset.put('size', 'large')
      await laptop.dataset.synchronize()
    })
    // The phone's push is accepted (no key in common) but the dataset's count rose by two.
    expect(await phone.dataset.synchronize()).toMatchObject({ attempts: 1 })
    await phone.dataset.synchronize()
    expect(await phone.dataset.getAll()).toEqual({ colour: 'blue', size: 'large' })
  })

  it('gives up after its attempts when every push meets a newer write', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    const laptop = await device(t, phone.identityId)
    await phone.dataset.put('colour', 'blue')
    await phone.dataset.synchronize()
    await laptop.dataset.synchronize()
    // The phone's edit is the newest, so it wins every conflict and pushes again each time.
    phone.clock.now += 60_000
    await phone.dataset.put('colour', 'red')
    const interleave = beforeNextPush(phone.sync)
    for (let i = 0; i < 3; i++)
      interleave(async () => {
        await laptop.dataset.put('colour', `green-${i}`)
        await laptop.dataset.synchronize()
      })
    await expect(phone.dataset.synchronize()).rejects.toBeInstanceOf(SyncConflictRetriesExhausted)
    expect(await phone.dataset.getRecord('colour')).toMatchObject({ value: 'red', dirty: true })
    // Once the other device stops writing, the next synchronize pushes it.
    expect(await phone.dataset.synchronize()).toMatchObject({ attempts: 1, conflicts: 1 })
    expect((await serverRecords(t, phone.identityId))[0]?.Value).toBe('red')
  })

  it('keeps a write made while its push was in flight, and pushes it next time', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    await phone.dataset.put('colour', 'blue')
    beforeNextPush(phone.sync)(() => phone.dataset.put('colour', 'red'))
    await phone.dataset.synchronize()
    expect(await phone.dataset.getRecord('colour')).toMatchObject({ value: 'red', dirty: true })
    const next = await phone.dataset.synchronize()
    expect(next).toMatchObject({ attempts: 1, conflicts: 0 })
    expect((await serverRecords(t, phone.identityId))[0]?.Value).toBe('red')
  })

  it('keeps a write made while its pull was in flight over the pulled value', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    const laptop = await device(t, phone.identityId)
    await laptop.dataset.put('colour', 'green')
    await laptop.dataset.synchronize()
    afterNextPull(phone.sync)(() => phone.dataset.put('colour', 'red'))
    await phone.dataset.synchronize()
    expect(await phone.dataset.get('colour')).toBe('red')
    await laptop.dataset.synchronize()
    expect(await laptop.dataset.get('colour')).toBe('red')
  })

  it('asks onDatasetDeleted when the server deleted the dataset, and stops without it', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    await phone.dataset.put('colour', 'blue')
    await phone.dataset.synchronize()
    await t.adminSync.send(
      new DeleteDatasetCommand({
        IdentityPoolId: t.poolId,
        IdentityId: phone.identityId,
        DatasetName: DATASET,
      }),
    )
    expect(await phone.dataset.synchronize()).toMatchObject({
      status: 'stopped',
      reason: 'datasetDeleted',
    })
    expect(await phone.dataset.getAll()).toEqual({ colour: 'blue' })
    const asked: string[] = []
    const result = await phone.dataset.synchronize({
      onDatasetDeleted: (_dataset, name) => {
        asked.push(name)
        return true
      },
    })
    expect(asked).toEqual([DATASET])
    expect(result.status).toBe('synchronized')
    expect(await phone.dataset.getAll()).toEqual({})
  })

  it('deletes the dataset on the server and here with delete()', async () => {
    const t = await syncFixture()
    const phone = await device(t)
    await phone.dataset.put('colour', 'blue')
    await phone.dataset.synchronize()
    await phone.dataset.delete()
    expect(await phone.manager.listDatasets()).toEqual([])
    expect(await serverRecords(t, phone.identityId)).toEqual([])
  })
})
