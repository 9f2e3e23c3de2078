import {
  LimitExceededException,
  NotAuthorizedException,
  TooManyRequestsException,
} from '../errors/cognito'
import { normalizeUsername, updateUser, type LoadedUser } from './directory'
import type { UserPoolConfig, UserRecord } from './model'
import type { UserPoolServices } from './services'

/** Failures allowed before lockout, and the cap on one lockout (Cognito's figures). */
const FREE_FAILURES = 5
const MAX_LOCKOUT_MS = 15 * 60 * 1000

/** One account's key for the limits: the pool and the name as the pool compares names. */
const accountLimitKey = (pool: UserPoolConfig, username: string): string =>
  `${pool.Id}|${normalizeUsername(pool, username)}`

/**
 * Counts an attempt at this account's password against its per-minute allowance (before any
 * hashing). Keyed by the stored username when the user exists, so an alias and the username, or
 * two spellings of it, share one allowance.
 */
export async function limitAccountAttempts(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<void> {
  await services.limits.check('account', accountLimitKey(pool, username))
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
  try {
    await services.limits.check('messages', accountLimitKey(pool, username))
  } catch (error) {
    if (error instanceof TooManyRequestsException)
      throw new LimitExceededException('Attempt limit exceeded, please try after some time.')
    throw error
  }
}

/** Refuses a locked-out user before any password hashing is done. */
export function assertNotLockedOut(services: UserPoolServices, loaded: LoadedUser): void {
  if (loaded.user.lockedUntil !== undefined && loaded.user.lockedUntil > services.now()) {
    throw new NotAuthorizedException('Password attempts exceeded')
  }
}

/** Counts a failed password: after 5 failures each further one locks for 2^(n−5) s, capped at 15 min. */
export async function recordFailedSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
): Promise<void> {
  await updateUser(services, pool, loaded, (user) => {
    const failures = user.failedSignIns + 1
    const lockMs =
      failures >= FREE_FAILURES
        ? Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_LOCKOUT_MS)
        : 0
    return {
      ...user,
      failedSignIns: failures,
      ...(lockMs > 0 ? { lockedUntil: services.now() + lockMs } : {}),
    }
  })
}

/** Credentials re-derived from a password just proven: a hash with today's parameters, a missing SRP verifier. */
export type CredentialUpgrade = Partial<Pick<UserRecord, 'passwordHash' | 'srpVerifier'>>

/** Clears the failure count after a good password (only writes when there is something to clear or upgrade). */
export async function recordSuccessfulSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
  upgrade: CredentialUpgrade = {},
): Promise<LoadedUser> {
  if (
    loaded.user.failedSignIns === 0 &&
    loaded.user.lockedUntil === undefined &&
    Object.keys(upgrade).length === 0
  )
    return loaded
  return updateUser(services, pool, loaded, (user) => {
    const { lockedUntil: _cleared, ...rest } = user
    return { ...rest, failedSignIns: 0, ...upgrade }
  })
}
