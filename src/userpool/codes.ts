import { constantTimeEqual, toBase64Url, utf8 } from '../crypto/encoding'
import { hmacSha256 } from '../crypto/hash'
import { randomDigits } from '../crypto/random'
import {
  CodeMismatchException,
  ExpiredCodeException,
  LimitExceededException,
} from '../errors/cognito'
import type { PendingCode, UserRecord } from './model'

/** How long each kind of code lives (Cognito: 24 h for sign-up and attribute codes, 1 h for resets). */
const LIFETIME_MS: Record<PendingCode['purpose'], number> = {
  SIGN_UP: 24 * 3600 * 1000,
  VERIFY_ATTRIBUTE: 24 * 3600 * 1000,
  FORGOT_PASSWORD: 3600 * 1000,
}
/** Wrong guesses a code survives; then it is gone and a new one must be requested. */
const ATTEMPTS = 5

/** Codes are stored as HMACs keyed by the user's sub, so a leaked record does not reveal them. */
const codeHash = async (user: UserRecord, purpose: string, code: string): Promise<string> =>
  toBase64Url(await hmacSha256(utf8(`${user.sub}|${purpose}`), code))

/**
 * Whether a pending code fills the slot of `purpose` (and, for attribute verification, of that
 * attribute: an email and a phone number can each await verification with their own code).
 */
const inSlot = (code: PendingCode, purpose: PendingCode['purpose'], attribute?: string): boolean =>
  code.purpose === purpose &&
  (purpose !== 'VERIFY_ATTRIBUTE' || attribute === undefined || code.attribute === attribute)

/**
 * Issues a fresh 6-digit code, replacing any pending code in the same slot. `sentTo` records the
 * address an attribute code went to, so a code cannot verify a value it was never sent to.
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
    codeHash: await codeHash(user, purpose, code),
    expiresAt: now + LIFETIME_MS[purpose],
    attemptsLeft: ATTEMPTS,
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
  | { ok: false; user: UserRecord; error: Error }

/**
 * Checks a code. Returns the user record to save either way: with the code consumed on success,
 * or with one attempt fewer (or the code gone) on a mismatch, so guessing is bounded. `attribute`
 * picks the attribute-verification code of that attribute.
 */
export async function checkCode(
  user: UserRecord,
  purpose: PendingCode['purpose'],
  code: string,
  now: number,
  attribute?: string,
): Promise<CodeCheck> {
  const pending = user.codes.find((c) => inSlot(c, purpose, attribute))
  if (!pending)
    return {
      ok: false,
      user,
      error: new CodeMismatchException('Invalid verification code provided, please try again.'),
    }
  const others = user.codes.filter((c) => c !== pending)
  if (pending.expiresAt < now)
    return {
      ok: false,
      user: { ...user, codes: others },
      error: new ExpiredCodeException('Invalid code provided, please request a code again.'),
    }
  if (pending.attemptsLeft <= 0)
    return {
      ok: false,
      user: { ...user, codes: others },
      error: new LimitExceededException('Attempt limit exceeded, please try after some time.'),
    }
  const matches = constantTimeEqual(
    utf8(await codeHash(user, purpose, code)),
    utf8(pending.codeHash),
  )
  if (matches) return { ok: true, pending, user: { ...user, codes: others } }
  const left = pending.attemptsLeft - 1
  return {
    ok: false,
    user: { ...user, codes: left > 0 ? [...others, { ...pending, attemptsLeft: left }] : others },
    error: new CodeMismatchException('Invalid verification code provided, please try again.'),
  }
}
