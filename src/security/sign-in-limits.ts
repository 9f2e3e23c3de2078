import { TooManyRequestsException } from '../errors/cognito'
import type { BucketVerdict, KeyLimiter, SignInVerdict } from './attempt-ledger'
import type { RateRule } from './token-bucket'

/** Whose attempts are counted: the client's address, the account tried, or the codes sent to an account. */
export type LimitScope = 'ip' | 'account' | 'messages'

/**
 * One account's limits, all kept in the account's own limiter object: its allowance of attempts
 * a minute and its lockout (attempts at its password, SRP claims and TOTP codes, reserved before
 * any hashing), its allowance of code messages an hour, and the guesses left at each of its codes.
 */
export interface AccountLimits {
  /**
   * Reserves one attempt at the account's secret. `lockout` false counts it against the allowance
   * only. A reserved attempt counts as a failure until `signInSucceeded` gets its ticket.
   */
  reserveSignIn(lockout: boolean): Promise<SignInVerdict>
  signInSucceeded(ticket: number): Promise<void>
  lockedOut(): Promise<boolean>
  clearLockout(): Promise<void>
  /** Takes one message from the account's hourly allowance of codes. */
  codeSent(): Promise<BucketVerdict>
  /** Reserves one guess at the code `codeId` (alive until `expiresAt`); false once they are used up. */
  reserveCodeAttempt(codeId: string, expiresAt: number): Promise<boolean>
}

/**
 * Limits on attempts at secrets (passwords, SRP claims, codes), checked before any hashing is
 * done. Allowances refill with time and lockouts end, so neither locks anyone out for good.
 */
export interface SignInLimits {
  /** Counts one attempt from a client address; throws TooManyRequestsException when its allowance is used up. */
  check(scope: 'ip', key: string): Promise<void>
  /** The limits of one account (`key`: the pool and the name as the pool compares names). */
  account(key: string): AccountLimits
}

/** Limits kept in one limiter per key (`objectFor` finds it by name); a scope without a rule is not limited. */
export function limitsOver(
  objectFor: (name: string) => KeyLimiter,
  rules: Partial<Record<LimitScope, RateRule>>,
): SignInLimits {
  return {
    async check(_scope, key) {
      const rule = rules.ip
      if (!rule) return
      const decision = await objectFor(`ip:${key}`).take(rule)
      if (!decision.allowed)
        throw new TooManyRequestsException(
          `Too many requests; try again in ${decision.retryAfterSeconds} seconds.`,
        )
    },
    account(key) {
      const limiter = objectFor(`account:${key}`)
      return {
        reserveSignIn: async (lockout) =>
          limiter.reserveSignIn({ lockout, ...(rules.account ? { rule: rules.account } : {}) }),
        signInSucceeded: async (ticket) => limiter.signInSucceeded(ticket),
        lockedOut: async () => limiter.lockedOut(),
        clearLockout: async () => limiter.clearLockout(),
        codeSent: async () => limiter.codeSent(rules.messages),
        reserveCodeAttempt: async (codeId, expiresAt) =>
          limiter.reserveCodeAttempt(codeId, expiresAt),
      }
    },
  }
}
