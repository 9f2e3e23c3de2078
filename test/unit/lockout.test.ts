import { describe, expect, it } from 'vitest'
import { AttemptLedger, type LedgerStorage } from '../../src/security/attempt-ledger'
import { CODE_ATTEMPTS, reserveCodeAttempt } from '../../src/security/code-attempts'
import {
  attemptSucceeded,
  clearFailures,
  isLockedOut,
  lockoutMs,
  reserveAttempt,
  type LockoutState,
} from '../../src/security/lockout'

const T0 = 1_000_000

/** Reserves `n` attempts at `now`, one after the other; returns the decisions and the state. */
function reserveMany(state: LockoutState | undefined, n: number, now: number) {
  const granted: number[] = []
  let refused = 0
  for (let i = 0; i < n; i++) {
    const decision = reserveAttempt(state, now)
    state = decision.state
    if (decision.granted) granted.push(decision.ticket)
    else refused++
  }
  return { granted, refused, state }
}

describe('lockout arithmetic (Cognito: after 5 failures, 2^(n−5) s, capped at 15 min)', () => {
  it('locks for 1 s at the fifth failure, doubling with each further one up to 15 minutes', () => {
    expect([1, 2, 3, 4].map(lockoutMs)).toEqual([0, 0, 0, 0])
    expect([5, 6, 7, 8].map(lockoutMs)).toEqual([1000, 2000, 4000, 8000])
    expect(lockoutMs(14)).toBe(512_000)
    expect(lockoutMs(15)).toBe(15 * 60_000)
    expect(lockoutMs(40)).toBe(15 * 60_000)
  })

  it('counts every attempt of a burst when it is reserved, so only five get through at once', () => {
    const { granted, refused, state } = reserveMany(undefined, 20, T0)
    expect(granted).toEqual([1, 2, 3, 4, 5])
    expect(refused).toBe(15)
    expect(state!.lockedUntil).toBe(T0 + 1000)
    // Refusals do not lengthen the lockout; when it ends, one more attempt, then 2 s.
    expect(isLockedOut(state, T0 + 999)).toBe(true)
    const sixth = reserveAttempt(state, T0 + 1000)
    expect(sixth.granted).toBe(true)
    expect(sixth.state.lockedUntil).toBe(T0 + 3000)
    expect(reserveAttempt(sixth.state, T0 + 2999).granted).toBe(false)
  })

  it('forgives the failures reserved before a success, but not those of a burst still in flight', () => {
    // Two wrong guesses, the right password (ticket 3), then three more guesses, all at once.
    const { granted, state } = reserveMany(undefined, 6, T0)
    expect(granted).toEqual([1, 2, 3, 4, 5])
    const after = attemptSucceeded(state, 3)!
    expect(after.failures).toBe(2)
    expect(isLockedOut(after, T0)).toBe(false)
    // A success whose ticket came first leaves the four after it counted: one more locks.
    const early = attemptSucceeded(reserveMany(undefined, 5, T0).state, 1)!
    expect(early.failures).toBe(4)
    const next = reserveAttempt(early, T0)
    expect(next.granted && next.state.lockedUntil).toBe(T0 + 1000)
  })

  it('keeps a lockout earned after a success by the attempts reserved after it', () => {
    let state = reserveMany(undefined, 5, T0).state
    state = reserveMany(state, 1, T0 + 1000).state // ticket 6: failures 6, locked 2 s
    state = attemptSucceeded(state, 1)! // the first attempt was right after all
    expect(state.failures).toBe(5)
    expect(state.lockedUntil).toBe(T0 + 1000 + 1000)
  })

  it('forgets everything after fifteen quiet minutes, and when a new password is set', () => {
    let state = reserveMany(undefined, 12, T0).state
    expect(isLockedOut(state, T0 + 1)).toBe(true)
    state = reserveMany(state, 1, T0 + 128_000).state
    expect(isLockedOut(state, T0 + 128_000 + 14 * 60_000)).toBe(false)
    const rested = reserveAttempt(state, T0 + 128_000 + 15 * 60_000)
    expect(rested.granted && rested.state.failures).toBe(1)
    const cleared = clearFailures(reserveMany(undefined, 9, T0).state)
    expect(isLockedOut(cleared, T0)).toBe(false)
    expect(reserveMany(cleared, 5, T0).granted).toHaveLength(5)
  })
})

describe('code guesses', () => {
  it('allows five guesses per code, counted as they are reserved; a new code has its own', () => {
    let codes = {}
    const answers: boolean[] = []
    for (let i = 0; i < 8; i++) {
      const result = reserveCodeAttempt(codes, 'code-1', T0 + 60_000, T0)
      codes = result.codes
      answers.push(result.granted)
    }
    expect(answers.filter(Boolean)).toHaveLength(CODE_ATTEMPTS)
    expect(answers.slice(CODE_ATTEMPTS).some(Boolean)).toBe(false)
    expect(reserveCodeAttempt(codes, 'code-2', T0 + 60_000, T0).granted).toBe(true)
    // A lapsed code's record goes with it.
    expect(reserveCodeAttempt(codes, 'code-3', T0 + 120_000, T0 + 61_000).codes).not.toHaveProperty(
      'code-1',
    )
  })
})

describe('the limiter of one key', () => {
  const storage = (): LedgerStorage => {
    const map = new Map<string, unknown>()
    return {
      get: <T>(key: string) => map.get(key) as T | undefined,
      put: (key, value) => void map.set(key, value),
      delete: (key) => map.delete(key),
    }
  }

  it('locks out even with no allowance a minute, and refuses by the allowance without counting a failure', () => {
    let now = T0
    const ledger = new AttemptLedger(storage(), () => now)
    const outcomes = Array.from(
      { length: 7 },
      () => ledger.reserveSignIn({ lockout: true }).outcome,
    )
    expect(outcomes).toEqual([
      'reserved',
      'reserved',
      'reserved',
      'reserved',
      'reserved',
      'locked',
      'locked',
    ])
    now += 1000
    const limited = new AttemptLedger(storage(), () => now)
    const rule = { capacity: 2, perMinute: 2 }
    expect(
      Array.from({ length: 4 }, () => limited.reserveSignIn({ rule, lockout: true }).outcome),
    ).toEqual(['reserved', 'reserved', 'limited', 'limited'])
    // Only the two reserved attempts counted towards lockout.
    now += 60_000
    expect(
      Array.from({ length: 4 }, () => limited.reserveSignIn({ lockout: true }).outcome),
    ).toEqual(['reserved', 'reserved', 'reserved', 'locked'])
  })

  it('drops its storage once nothing in it matters', () => {
    let now = T0
    const kept = storage()
    const ledger = new AttemptLedger(kept, () => now)
    ledger.reserveSignIn({ lockout: true })
    ledger.reserveCodeAttempt('code', T0 + 3_600_000)
    expect(ledger.sweep()).toBe(T0 + 3_600_000)
    now = T0 + 3_600_000
    expect(ledger.sweep()).toBeUndefined()
    expect(kept.get('lockout')).toBeUndefined()
    expect(ledger.forgottenAt()).toBeUndefined()
  })
})
