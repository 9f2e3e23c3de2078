import { codesForgottenAt, reserveCodeAttempt, type CodeAttempts } from './code-attempts'
import {
  attemptSucceeded,
  clearFailures,
  isLockedOut,
  lockoutForgottenAt,
  reserveAttempt,
  type LockoutState,
} from './lockout'
import { takeFromBucket, type BucketState, type RateRule } from './token-bucket'

/** The ledger's whole vocabulary comes from this module, for its Durable Object's sake. */
export type { RateRule }

/** Synchronous key-value storage: a SQLite-backed Durable Object's `ctx.storage.kv` (or a Map). */
export interface LedgerStorage {
  get<T>(key: string): T | undefined
  put<T>(key: string, value: T): void
  delete(key: string): boolean
}

export interface BucketVerdict {
  allowed: boolean
  /** Whole seconds until one attempt is allowed again (0 when allowed). */
  retryAfterSeconds: number
}

/** The answer to a reserved sign-in attempt: a ticket to report success with, or why not. */
export type SignInVerdict =
  | { outcome: 'reserved'; ticket: number }
  | { outcome: 'locked' }
  | { outcome: 'limited'; retryAfterSeconds: number }

export interface SignInRequest {
  /** The key's allowance of attempts a minute, if it has one. */
  rule?: RateRule
  /** Whether the attempt counts towards lockout; when not, only the allowance applies. */
  lockout: boolean
}

type Awaitable<T> = T | Promise<T>

/** What one limited key (a client address, an account) answers: the limiter object's methods. */
export interface KeyLimiter {
  /** Takes one attempt from the key's plain allowance (client addresses). */
  take(rule: RateRule): Awaitable<BucketVerdict>
  reserveSignIn(request: SignInRequest): Awaitable<SignInVerdict>
  signInSucceeded(ticket: number): Awaitable<void>
  lockedOut(): Awaitable<boolean>
  clearLockout(): Awaitable<void>
  /** Takes one code message from the key's hourly allowance (none: unlimited). */
  codeSent(rule: RateRule | undefined): Awaitable<BucketVerdict>
  reserveCodeAttempt(codeId: string, expiresAt: number): Awaitable<boolean>
}

const LOCKOUT = 'lockout'
const CODES = 'codes'
const ALLOWED: BucketVerdict = { allowed: true, retryAfterSeconds: 0 }

/**
 * One limited key's books, each call a single synchronous step so that, inside the key's Durable
 * Object, no two calls interleave: a reservation is decided and written before the next one is
 * read. Allowances (token buckets) live in memory, as an evicted object's would have refilled
 * anyway; failures and code guesses are kept in storage, because they must survive eviction.
 */
export class AttemptLedger implements KeyLimiter {
  private readonly buckets = new Map<string, BucketState>()

  constructor(
    private readonly storage: LedgerStorage,
    private readonly now: () => number,
  ) {}

  take(rule: RateRule): BucketVerdict {
    return this.takeFrom('attempts', rule)
  }

  /**
   * Reserves one attempt at the account's secret, before any hashing: refused while it is locked
   * out or its allowance is used up, otherwise counted as a failure until `signInSucceeded`.
   */
  reserveSignIn({ rule, lockout }: SignInRequest): SignInVerdict {
    const decision = lockout ? reserveAttempt(this.lockout(), this.now()) : undefined
    if (decision && !decision.granted) {
      this.storage.put(LOCKOUT, decision.state)
      return { outcome: 'locked' }
    }
    if (rule) {
      const bucket = this.takeFrom('sign-in', rule)
      if (!bucket.allowed)
        return { outcome: 'limited', retryAfterSeconds: bucket.retryAfterSeconds }
    }
    if (!decision) return { outcome: 'reserved', ticket: 0 }
    this.storage.put(LOCKOUT, decision.state)
    return { outcome: 'reserved', ticket: decision.ticket }
  }

  /** The attempt holding `ticket` proved the secret: the failures reserved before it are forgiven. */
  signInSucceeded(ticket: number): void {
    const state = ticket > 0 ? attemptSucceeded(this.lockout(), ticket) : undefined
    if (state) this.storage.put(LOCKOUT, state)
  }

  lockedOut(): boolean {
    return isLockedOut(this.lockout(), this.now())
  }

  /** A new password: every failure is forgiven and the lockout lifted. */
  clearLockout(): void {
    const state = clearFailures(this.lockout())
    if (state) this.storage.put(LOCKOUT, state)
  }

  codeSent(rule: RateRule | undefined): BucketVerdict {
    return rule ? this.takeFrom('messages', rule) : ALLOWED
  }

  /** Reserves one guess at a code before it is compared; false once its guesses are used up. */
  reserveCodeAttempt(codeId: string, expiresAt: number): boolean {
    const result = reserveCodeAttempt(
      this.storage.get<CodeAttempts>(CODES),
      codeId,
      expiresAt,
      this.now(),
    )
    this.storage.put(CODES, result.codes)
    return result.granted
  }

  /** When everything kept in storage stops mattering (undefined: nothing is kept). */
  forgottenAt(): number | undefined {
    const times = [
      lockoutForgottenAt(this.lockout()),
      codesForgottenAt(this.storage.get<CodeAttempts>(CODES)),
    ].filter((t) => t !== undefined)
    return times.length > 0 ? Math.max(...times) : undefined
  }

  /** Drops what no longer matters; returns when to look again, or undefined when nothing is left. */
  sweep(): number | undefined {
    const at = this.forgottenAt()
    if (at === undefined || at > this.now()) return at
    this.storage.delete(LOCKOUT)
    this.storage.delete(CODES)
    return undefined
  }

  private lockout(): LockoutState | undefined {
    return this.storage.get<LockoutState>(LOCKOUT)
  }

  private takeFrom(bucket: string, rule: RateRule): BucketVerdict {
    const decision = takeFromBucket(this.buckets.get(bucket), rule, this.now())
    this.buckets.set(bucket, decision.state)
    return { allowed: decision.allowed, retryAfterSeconds: decision.retryAfterSeconds }
  }
}
