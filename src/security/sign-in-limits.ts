import { TooManyRequestsException } from '../errors/cognito'
import type { RateLimiterObject } from './rate-limiter-object'
import type { RateRule } from './token-bucket'

/** Whose attempts are counted: the client's address, the account tried, or the codes sent to an account. */
export type LimitScope = 'ip' | 'account' | 'messages'

/**
 * Limits on attempts at secrets (passwords, SRP claims, codes), checked before any hashing is
 * done. Each scope's allowance refills with time, so neither can lock anyone out for good.
 */
export interface SignInLimits {
  /** Counts one attempt for `key`; throws TooManyRequestsException when its allowance is used up. */
  check(scope: LimitScope, key: string): Promise<void>
}

/** Limits kept in one RateLimiterObject per key; a scope without a rule is not limited. */
export function durableSignInLimits(
  namespace: DurableObjectNamespace<RateLimiterObject>,
  rules: Partial<Record<LimitScope, RateRule>>,
): SignInLimits {
  return {
    async check(scope, key) {
      const rule = rules[scope]
      if (!rule) return
      const decision = await namespace.getByName(`${scope}:${key}`).take(rule)
      if (!decision.allowed)
        throw new TooManyRequestsException(
          `Too many requests; try again in ${decision.retryAfterSeconds} seconds.`,
        )
    },
  }
}
