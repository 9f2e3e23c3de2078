import { constantTimeEqual, toBase64Url, utf8 } from '../../crypto/encoding'
import { hmacSha256 } from '../../crypto/hash'
import { randomDigits, randomToken } from '../../crypto/random'
import { CodeMismatchException, ExpiredCodeException } from '../../errors/cognito'
import type { PendingCode, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { reserveCodeGuess } from '../auth/sign-in-guard'

/** How long each kind of code lives (Cognito: 24 h for sign-up and attribute codes, 1 h for resets, 3 min for sign-in codes by default). */
const LIFETIME_MS: Record<PendingCode['purpose'], number> = {
  SIGN_UP: 24 * 3600 * 1000,
  VERIFY_ATTRIBUTE: 24 * 3600 * 1000,
  FORGOT_PASSWORD: 3600 * 1000,
  // A sign-in code lives as long as its sign-in session (see userpool/mfa/sign-in-codes); this is the default.
  SIGN_IN: 3 * 60 * 1000,
}

/** Codes are stored as HMACs keyed by the user's sub, so a leaked record does not reveal them. */
const codeHash = async (sub: string, purpose: string, code: string): Promise<string> =>
  toBase64Url(await hmacSha256(utf8(`${sub}|${purpose}`), code))

/** The id a code's guesses are counted under (a code stored before codes had ids: its hash). */
const codeIdOf = (pending: PendingCode): string => pending.id ?? pending.codeHash

const mismatch = () =>
  new CodeMismatchException('Invalid verification code provided, please try again.')
const expired = () =>
  new ExpiredCodeException('Invalid code provided, please request a code again.')

/**
 * Whether a pending code fills the slot of `purpose` (and, for attribute verification, of that
 * attribute: an email and a phone number can each await verification with their own code).
 */
const inSlot = (code: PendingCode, purpose: PendingCode['purpose'], attribute?: string): boolean =>
  code.purpose === purpose &&
  (purpose !== 'VERIFY_ATTRIBUTE' || attribute === undefined || code.attribute === attribute)

/**
 * Issues a fresh 6-digit code, replacing any pending code in the same slot. `sentTo` records the
 * address an attribute code went to, so a code cannot verify a value it was never sent to. A new
 * code has a new id, so it gets guesses of its own.
 */
export async function issueCode(
  user: UserRecord,
  purpose: PendingCode['purpose'],
  now: number,
  attribute?: string,
  sentTo?: string,
): Promise<{ code: string; user: UserRecord }> {
  const code = randomDigits(6)
  const pending: PendingCode = {
    purpose,
    id: randomToken(12),
    codeHash: await codeHash(user.sub, purpose, code),
    expiresAt: now + LIFETIME_MS[purpose],
    ...(attribute ? { attribute } : {}),
    ...(sentTo ? { sentTo } : {}),
  }
  return {
    code,
    user: {
      ...user,
      codes: [...user.codes.filter((c) => !inSlot(c, purpose, attribute)), pending],
    },
  }
}

export type CodeCheck =
  | { ok: true; pending: PendingCode; user: UserRecord }
  | { ok: false; error: Error }

/**
 * Checks a code. Each guess is reserved in the account's limiter object before the code is
 * compared, so a burst of guesses counts every one; a code whose guesses are used up no longer
 * matches at all. A failed guess writes nothing to the user record; a right one returns the record
 * with the code consumed, to save. `attribute` picks the attribute-verification code of that
 * attribute. `hideExpiry` (PreventUserExistenceErrors) answers a wrong guess at an expired code
 * like any wrong guess, as for an unknown user; only the right code learns that it expired.
 */
export async function checkCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  purpose: PendingCode['purpose'],
  code: string,
  options: { attribute?: string; hideExpiry?: boolean } = {},
): Promise<CodeCheck> {
  const now = services.now()
  const pending = user.codes.find((c) => inSlot(c, purpose, options.attribute))
  if (!pending)
    return {
      ok: false,
      error: await guessWithoutCode(
        services,
        pool,
        user.username,
        purpose,
        code,
        options.attribute,
      ),
    }
  const lapsed = pending.expiresAt < now
  if (lapsed && !options.hideExpiry) return { ok: false, error: expired() }
  const granted = await reserveCodeGuess(
    services,
    pool,
    user.username,
    codeIdOf(pending),
    pending.expiresAt,
  )
  const matches = constantTimeEqual(
    utf8(await codeHash(user.sub, purpose, code)),
    utf8(pending.codeHash),
  )
  if (!granted || !matches) return { ok: false, error: mismatch() }
  if (lapsed) return { ok: false, error: expired() }
  return { ok: true, pending, user: { ...user, codes: user.codes.filter((c) => c !== pending) } }
}

/**
 * A guess where there is no code to guess (an unknown name, a user already confirmed, a slot with
 * no code): the same reservation, in the limiter object of the name given, and the same hashing as
 * a real guess, so neither the answer nor its cost says there was nothing. Always a mismatch.
 */
export async function guessWithoutCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  purpose: PendingCode['purpose'],
  code: string,
  attribute?: string,
): Promise<CodeMismatchException> {
  await reserveCodeGuess(
    services,
    pool,
    username,
    `none:${purpose}:${attribute ?? ''}`,
    services.now() + LIFETIME_MS[purpose],
  )
  await codeHash(username, purpose, code)
  return mismatch()
}
