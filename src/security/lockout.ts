/** Failures allowed before a lockout, the cap on one lockout, and the quiet time that forgives (Cognito's figures). */
export const FREE_FAILURES = 5
const MAX_LOCKOUT_MS = 15 * 60_000
const QUIET_RESET_MS = 15 * 60_000

/**
 * One account's attempts at its secrets (passwords, SRP claims, TOTP codes). An attempt counts as
 * a failure from the moment it is reserved, before the check it pays for has run, so a burst
 * counts every attempt in it; a success forgives the failures reserved before it.
 */
export interface LockoutState {
  /** Attempts ever reserved; a reservation's ticket is this count just after it. */
  reserved: number
  /** Failures counted since the last success (or quiet spell), the pending reservations included. */
  failures: number
  /** When the latest counted failure was reserved (epoch ms). */
  lastFailureAt: number
  /** Until when attempts are refused (epoch ms; 0 when not locked). */
  lockedUntil: number
  /** When anyone last tried, refused attempts included (epoch ms). */
  lastSeenAt: number
}

/** Cognito's lockout for `failures` failures: none for the first four, then 2^(n−5) s, capped at 15 min. */
export function lockoutMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0
  return Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_LOCKOUT_MS)
}

export type LockoutDecision =
  | { granted: true; ticket: number; state: LockoutState }
  | { granted: false; state: LockoutState }

/** The state as of `now`: fifteen minutes without any attempt forgive every failure, as in Cognito. */
function current(state: LockoutState | undefined, now: number): LockoutState {
  if (state && now - state.lastSeenAt < QUIET_RESET_MS) return state
  return {
    reserved: state?.reserved ?? 0,
    failures: 0,
    lastFailureAt: 0,
    lockedUntil: 0,
    lastSeenAt: now,
  }
}

/**
 * Reserves one attempt: refused while locked out (a refusal does not lengthen the lockout),
 * otherwise counted as a failure at once, and a failure that reaches the limit locks at once, so
 * the attempts of a burst that arrive after it are refused before anything is checked.
 */
export function reserveAttempt(state: LockoutState | undefined, now: number): LockoutDecision {
  const before = current(state, now)
  if (before.lockedUntil > now) return { granted: false, state: { ...before, lastSeenAt: now } }
  const failures = before.failures + 1
  const lockMs = lockoutMs(failures)
  const reserved = before.reserved + 1
  return {
    granted: true,
    ticket: reserved,
    state: {
      reserved,
      failures,
      lastFailureAt: now,
      lockedUntil: lockMs > 0 ? now + lockMs : 0,
      lastSeenAt: now,
    },
  }
}

/**
 * The attempt holding `ticket` succeeded: the failures reserved up to it are forgiven, those
 * reserved after it (a burst still in flight) still count, and keep the lockout they earn.
 */
export function attemptSucceeded(
  state: LockoutState | undefined,
  ticket: number,
): LockoutState | undefined {
  if (!state) return state
  const failures = Math.max(0, Math.min(state.failures, state.reserved - ticket))
  const lockMs = lockoutMs(failures)
  return { ...state, failures, lockedUntil: lockMs > 0 ? state.lastFailureAt + lockMs : 0 }
}

/** Whether attempts are refused at `now`. */
export const isLockedOut = (state: LockoutState | undefined, now: number): boolean =>
  current(state, now).lockedUntil > now

/** A new password (reset, or set by an administrator) forgives every failure and lifts the lockout. */
export function clearFailures(state: LockoutState | undefined): LockoutState | undefined {
  return state && { ...state, failures: 0, lockedUntil: 0 }
}

/** When the state stops mattering (the quiet time after the last attempt), so it can be dropped. */
export const lockoutForgottenAt = (state: LockoutState | undefined): number | undefined =>
  state && state.lastSeenAt + QUIET_RESET_MS
