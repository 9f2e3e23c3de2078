import { DurableObject } from 'cloudflare:workers'
import {
  takeFromBucket,
  type BucketDecision,
  type BucketState,
  type RateRule,
} from './token-bucket'

/**
 * One limited key (a client IP, an account): its token bucket, in memory only. When the object is
 * evicted after idling, the bucket it forgets would have refilled by then anyway.
 */
export class RateLimiterObject extends DurableObject<Record<string, never>> {
  private bucket: BucketState | undefined

  async take(rule: RateRule): Promise<Omit<BucketDecision, 'state'>> {
    const decision = takeFromBucket(this.bucket, rule, Date.now())
    this.bucket = decision.state
    return { allowed: decision.allowed, retryAfterSeconds: decision.retryAfterSeconds }
  }
}
