import { env } from 'cloudflare:workers'
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { RecordStore } from '../../src/storage/record-store'

let counter = 0
const fresh = () => env.USER_DIRECTORY.getByName(`cleanup-${Date.now()}-${counter++}`)

/** Rows the object's SQLite table holds, live or not: what storage is billed for. */
const storedRows = (stub: ReturnType<typeof fresh>) =>
  runInDurableObject(
    stub,
    (_instance, state) =>
      state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM records').one().n,
  )

describe('the cleanup alarm of a SQLite record store', () => {
  it('is set by a commit that leaves garbage, and forgets tombstones and expired records when it runs', async () => {
    const stub = fresh()
    const store: RecordStore = stub
    await store.commit({
      put: [
        { key: 'user:a', value: 1 },
        { key: 'code:x', value: 1, expiresAt: Date.now() + 1 },
        { key: 'rt:y', value: 1, expiresAt: Date.now() + 3_600_000 },
      ],
    })
    await store.commit({ put: [{ key: 'user:b', value: 1 }] })
    await store.commit({ delete: ['user:b'] })
    const alarmAt = await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())
    expect(alarmAt).toBeGreaterThan(Date.now())
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(await storedRows(stub)).toBe(4)
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect(await storedRows(stub)).toBe(2)
    expect((await store.list('')).records.map((r) => r.key)).toEqual(['rt:y', 'user:a'])
    // A record still waiting to expire brings the alarm back for it.
    expect(
      await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm()),
    ).not.toBeNull()
  })

  it('sets no alarm for commits that leave nothing behind', async () => {
    const stub = fresh()
    const store: RecordStore = stub
    await store.commit({ put: [{ key: 'user:a', value: 1 }] })
    expect(
      await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm()),
    ).toBeNull()
    expect(await runDurableObjectAlarm(stub)).toBe(false)
  })
})
