import { describe, expect, it } from 'vitest'
import { takeFromBucket, type BucketState } from '../../src/security/token-bucket'

describe('token bucket', () => {
  const rule = { capacity: 3, perMinute: 6 }

  it('allows a burst up to capacity, then refuses with the wait until the next token', () => {
    let state: BucketState | undefined
    const decisions = []
    for (let i = 0; i < 4; i++) {
      const decision = takeFromBucket(state, rule, 1_000)
      state = decision.state
      decisions.push(decision)
    }
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false])
    expect(decisions[3]!.retryAfterSeconds).toBe(10)
  })

  it('refills with time whatever the attempts, so nobody is locked out for good', () => {
    let state: BucketState | undefined = { tokens: 0, updatedAt: 0 }
    // Hammering while empty does not push the next token further away.
    for (let t = 0; t < 9_000; t += 1_000) state = takeFromBucket(state, rule, t).state
    expect(takeFromBucket(state, rule, 10_000).allowed).toBe(true)
    // A long pause fills the bucket to capacity, no further.
    const rested = takeFromBucket({ tokens: 0, updatedAt: 0 }, rule, 3_600_000)
    expect(rested.state.tokens).toBe(2)
  })
})
