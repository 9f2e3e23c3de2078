import { env } from 'cloudflare:workers'
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'

let counter = 0
const fresh = () => env.RATE_LIMITER.getByName(`account:limiter-${Date.now()}-${counter++}`)

describe('the account limiter Durable Object', () => {
  it('reserves a burst of attempts one at a time: five, then the lockout', async () => {
    const stub = fresh()
    const verdicts = await Promise.all(
      Array.from({ length: 20 }, () => stub.reserveSignIn({ lockout: true })),
    )
    expect(verdicts.filter((v) => v.outcome === 'reserved')).toHaveLength(5)
    expect(verdicts.filter((v) => v.outcome === 'locked')).toHaveLength(15)
    expect(await stub.lockedOut()).toBe(true)
    await stub.clearLockout()
    expect(await stub.lockedOut()).toBe(false)
  })

  it('counts a burst of guesses at one code, five at most, and keeps them in storage', async () => {
    const stub = fresh()
    const expiresAt = Date.now() + 3_600_000
    const granted = await Promise.all(
      Array.from({ length: 10 }, () => stub.reserveCodeAttempt('code-1', expiresAt)),
    )
    expect(granted.filter(Boolean)).toHaveLength(5)
    const stored = await runInDurableObject(stub, (_instance, state) =>
      state.storage.kv.get<Record<string, { used: number }>>('codes'),
    )
    expect(stored?.['code-1']?.used).toBe(5)
    expect(await stub.reserveCodeAttempt('code-2', expiresAt)).toBe(true)
  })

  it('sets an alarm for when its storage stops mattering, and sets it again while it still matters', async () => {
    const stub = fresh()
    const expiresAt = Date.now() + 3_600_000
    await stub.reserveCodeAttempt('code-1', expiresAt)
    const alarm = () => runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())
    expect(await alarm()).toBe(expiresAt)
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    // Not due yet: the guesses are kept and the alarm comes back.
    expect(await alarm()).toBe(expiresAt)
    expect(
      await runInDurableObject(stub, (_instance, state) => state.storage.kv.get('codes')),
    ).toBeDefined()
  })
})
