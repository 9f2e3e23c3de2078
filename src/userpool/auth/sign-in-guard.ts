import {
  LimitExceededException,
  NotAuthorizedException,
  TooManyRequestsException,
} from '../../errors/cognito'
import type { AccountLimits } from '../../security/sign-in-limits'
import { normalizeUsername } from '../store/directory'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

/**
 * One account's limits, keyed by the pool and the name as the pool compares names: the stored
 * username of a known user (so an alias and the username, or two spellings of it, share them),
 * the phantom username of an unknown name (see phantomUsername).
 */
const accountLimits = (
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): AccountLimits => services.limits.account(`${pool.Id}|${normalizeUsername(pool, username)}`)

/** An attempt reserved at an account's secret: it counts as a failure unless it `succeeded`. */
export interface ReservedAttempt {
  succeeded(): Promise<void>
}

/**
 * Reserves one attempt at an account's password, SRP claim or TOTP code, before any hashing: the
 * account's allowance a minute (TooManyRequestsException) and Cognito's lockout (after five
 * failures, 2^(n−5) s, up to 15 min: "Password attempts exceeded"). The reservation itself counts
 * the failure, in the account's limiter object, one at a time, so a burst cannot outrun it.
 * `lockout: false` (an unknown name answered as unknown) counts against the allowance only.
 */
export async function reserveSignInAttempt(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  { lockout = true }: { lockout?: boolean } = {},
): Promise<ReservedAttempt> {
  const limits = accountLimits(services, pool, username)
  const verdict = await limits.reserveSignIn(lockout)
  if (verdict.outcome === 'locked') throw new NotAuthorizedException('Password attempts exceeded')
  if (verdict.outcome === 'limited')
    throw new TooManyRequestsException(
      `Too many requests; try again in ${verdict.retryAfterSeconds} seconds.`,
    )
  return { succeeded: () => limits.signInSucceeded(verdict.ticket) }
}

/** Refuses a locked-out account where a sign-in starts without trying a secret yet (SRP's first step). */
export async function assertNotLockedOut(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<void> {
  if (await accountLimits(services, pool, username).lockedOut())
    throw new NotAuthorizedException('Password attempts exceeded')
}

/** A new password was set (reset, or by an administrator): the lockout and the failures behind it go. */
export async function clearLockout(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<void> {
  await accountLimits(services, pool, username).clearLockout()
}

/**
 * Counts a code sent to an account (password reset, sign-up resend, attribute verification)
 * against its hourly allowance, so nobody can flood someone's inbox or phone through the API.
 * Cognito's answer when it is used up is LimitExceededException.
 */
export async function limitCodeMessages(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<void> {
  const verdict = await accountLimits(services, pool, username).codeSent()
  if (!verdict.allowed)
    throw new LimitExceededException('Attempt limit exceeded, please try after some time.')
}

/**
 * Reserves one guess at a one-time code before it is compared, in the account's limiter object;
 * false once the code's guesses are used up (then it must not be compared at all).
 */
export async function reserveCodeGuess(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  codeId: string,
  expiresAt: number,
): Promise<boolean> {
  return accountLimits(services, pool, username).reserveCodeAttempt(codeId, expiresAt)
}
