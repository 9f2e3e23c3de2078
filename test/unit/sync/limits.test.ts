import {
  InvalidParameterException,
  LimitExceededException,
  type RecordPatch,
} from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import { syncFixture } from '../support/sync-fixture'
import { pull, push, replace } from '../support/sync-records'

/** Cognito Sync's quotas: 20 datasets per identity, 1,024 records and 1 MB per dataset, the model's lengths. */
describe('sync quotas', () => {
  async function setup() {
    const t = await syncFixture()
    const me = await t.device()
    return { t, me, at: { poolId: t.poolId, identityId: me.identityId } }
  }

  it('allows 20 datasets per identity, and creates no 21st', async () => {
    const { me, at } = await setup()
    for (let i = 0; i < 20; i++) await push(me.sync, at, `set-${i}`, [replace('k', 'v')])
    const refused = await push(me.sync, at, 'one-too-many', [replace('k', 'v')]).catch(
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(LimitExceededException)
    expect((refused as LimitExceededException).$metadata.httpStatusCode).toBe(400)
    expect((await pull(me.sync, at, 'one-too-many')).DatasetExists).toBe(false)
    // An existing dataset still takes changes.
    await push(me.sync, at, 'set-0', [replace('k', 'again', 1)])
  })

  it('holds 1,024 records in a dataset, and refuses a request that would make more', async () => {
    const { me, at } = await setup()
    const keys = Array.from({ length: 1024 }, (_, i) => `k${String(i).padStart(4, '0')}`)
    await push(
      me.sync,
      at,
      'full',
      keys.map((k) => replace(k, '1')),
    )
    await expect(push(me.sync, at, 'full', [replace('extra', '1')])).rejects.toBeInstanceOf(
      LimitExceededException,
    )
    // A replace and a removal keep it within the quota; then there is room for one.
    await push(me.sync, at, 'full', [
      replace('k0000', '2', 1),
      { Op: 'remove', Key: 'k0001', SyncCount: 1 },
    ])
    await push(me.sync, at, 'full', [replace('extra', '1')])
    const tooMany: RecordPatch[] = Array.from({ length: 1025 }, (_, i) => replace(`n${i}`, '1'))
    await expect(push(me.sync, at, 'other', tooMany)).rejects.toBeInstanceOf(LimitExceededException)
  })

  it('holds 1 MB of keys and values in a dataset, and writes nothing of a request beyond it', async () => {
    const { me, at } = await setup()
    await push(me.sync, at, 'big', [replace('a', 'x'.repeat(600_000))])
    await expect(
      push(me.sync, at, 'big', [replace('b', 'y'.repeat(600_000)), replace('c', 'small')]),
    ).rejects.toBeInstanceOf(LimitExceededException)
    const after = await pull(me.sync, at, 'big')
    expect(after.DatasetSyncCount).toBe(1)
    expect(after.Records!.map((r) => r.Key)).toEqual(['a'])
    // Bytes are UTF-8: 350,000 three-byte characters are over 1 MB with what is there.
    await expect(
      push(me.sync, at, 'big', [replace('b', '€'.repeat(350_000))]),
    ).rejects.toBeInstanceOf(LimitExceededException)
  })

  it('answers keys and values beyond the model’s lengths with InvalidParameterException', async () => {
    const { me, at } = await setup()
    await expect(
      push(me.sync, at, 'lengths', [replace('k'.repeat(1025), 'v')]),
    ).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(
      push(me.sync, at, 'lengths', [replace('k', 'v'.repeat(1_048_576))]),
    ).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(push(me.sync, at, 'x'.repeat(129), [replace('k', 'v')])).rejects.toBeInstanceOf(
      InvalidParameterException,
    )
    expect((await pull(me.sync, at, 'lengths')).DatasetExists).toBe(false)
  })
})
