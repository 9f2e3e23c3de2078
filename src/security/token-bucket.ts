/** An allowance: `capacity` attempts at once, refilled at `perMinute` attempts a minute. */
export interface RateRule {
  capacity: number
  perMinute: number
}

/** One key's bucket: tokens left as of `updatedAt` (epoch ms). */
export interface BucketState {
  tokens: number
  updatedAt: number
}

export interface BucketDecision {
  allowed: boolean
  /** Whole seconds until one attempt is allowed again (0 when allowed). */
  retryAfterSeconds: number
  state: BucketState
}

/**
 * Takes one attempt from a token bucket. The bucket refills with time whatever happens, so a
 * limit only slows an attacker down and never shuts the real user out for good.
 */
export function takeFromBucket(
  state: BucketState | undefined,
  rule: RateRule,
  now: number,
): BucketDecision {
  const refillPerMs = rule.perMinute / 60_000
  const elapsed = state ? Math.max(0, now - state.updatedAt) : 0
  const tokens = Math.min(
    rule.capacity,
    state ? state.tokens + elapsed * refillPerMs : rule.capacity,
  )
  if (tokens >= 1)
    return { allowed: true, retryAfterSeconds: 0, state: { tokens: tokens - 1, updatedAt: now } }
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)),
    state: { tokens, updatedAt: now },
  }
}
