import { DurableObject } from 'cloudflare:workers'
// The one module above storage a Durable Object may import: the ledger is written against a
// storage interface, so this class only hands it the object's storage and schedules sweeps.
import {
  AttemptLedger,
  type BucketVerdict,
  type KeyLimiter,
  type RateRule,
  type SignInRequest,
  type SignInVerdict,
} from '../../security/attempt-ledger'

/**
 * One limited key (a client IP, an account): a storage shell around the AttemptLedger. A Durable
 * Object runs one call at a time, and every ledger call is synchronous (SQLite storage, no await
 * inside), so each reservation is atomic: a burst of attempts at one account is counted one by
 * one, never read-then-written in parallel.
 */
export class RateLimiterObject extends DurableObject<Record<string, never>> implements KeyLimiter {
  private readonly ledger = new AttemptLedger(this.ctx.storage.kv, () => Date.now())
  /** Whether a sweep alarm is known to be set in this instance's lifetime (saves a read per call). */
  private sweepScheduled = false

  async take(rule: RateRule): Promise<BucketVerdict> {
    return this.ledger.take(rule)
  }

  async reserveSignIn(request: SignInRequest): Promise<SignInVerdict> {
    return this.kept(this.ledger.reserveSignIn(request))
  }

  async signInSucceeded(ticket: number): Promise<void> {
    this.ledger.signInSucceeded(ticket)
  }

  async lockedOut(): Promise<boolean> {
    return this.ledger.lockedOut()
  }

  async clearLockout(): Promise<void> {
    this.ledger.clearLockout()
  }

  async codeSent(rule: RateRule | undefined): Promise<BucketVerdict> {
    return this.ledger.codeSent(rule)
  }

  async reserveCodeAttempt(codeId: string, expiresAt: number): Promise<boolean> {
    return this.kept(this.ledger.reserveCodeAttempt(codeId, expiresAt))
  }

  /** Storage is dropped once nothing in it matters any more, so idle keys cost nothing. */
  override async alarm(): Promise<void> {
    this.sweepScheduled = false
    const next = this.ledger.sweep()
    if (next !== undefined) await this.scheduleSweep(next)
  }

  /** Passes `value` on once a sweep is due for what the call just stored. */
  private async kept<T>(value: T): Promise<T> {
    const at = this.ledger.forgottenAt()
    if (at !== undefined) await this.scheduleSweep(at)
    return value
  }

  private async scheduleSweep(at: number): Promise<void> {
    if (this.sweepScheduled) return
    this.sweepScheduled = true
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(at)
  }
}
