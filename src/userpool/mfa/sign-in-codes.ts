import { constantTimeEqual, toBase64Url, utf8 } from '../../crypto/encoding'
import { hmacSha256 } from '../../crypto/hash'
import { randomDigits, randomToken } from '../../crypto/random'
import {
  CodeDeliveryFailureException,
  CodeMismatchException,
  ExpiredCodeException,
} from '../../errors/cognito'
import { limitCodeMessages, reserveCodeGuess, reserveSignInAttempt } from '../auth/sign-in-guard'
import { maskDestination } from '../delivery/deliver'
import { type CodeDeliveryDetails, decoyDelivery, sendCode } from '../delivery/messages'
import type { PendingCode, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { saveUser, withFreshUser } from '../store/users'
import type { MessageContext } from '../triggers/custom-sender'

/**
 * Short-lived sign-in codes sent by SMS or email: the second factor of SMS_MFA and EMAIL_OTP, and
 * what a one-time-password sign-in (EMAIL_OTP / SMS_OTP) sends. A flow uses it in two steps:
 *
 * 1. `issueSignInCode` (or `decoySignInCode` for a name that must not be told apart from a user)
 *    sends the code and returns a ticket; the flow seals the ticket into its challenge Session and
 *    answers with the masked delivery details.
 * 2. `checkSignInCode` with the ticket from the opened Session and the code the user typed:
 *    the user as saved, or CodeMismatchException / ExpiredCodeException / the sign-in guard's
 *    lockout. A right code is used up.
 */

/** Where a sign-in code goes: the user's email address or phone number. */
export type SignInCodeMedium = 'EMAIL' | 'SMS'

/**
 * What the sign-in that asked for a code carries (inside its own sealed Session) to check it
 * later: which code, until when, and by which medium it went. It holds no code and no hash; the
 * hash stays on the user record, and only this ticket's code id finds it.
 */
export interface SignInCodeTicket {
  codeId: string
  expiresAt: number
  medium: SignInCodeMedium
  /** A code never sent (an unknown name answered as if known): every answer to it is wrong. */
  decoy?: true
}

/** An issued code: the ticket to seal into the sign-in's session, and where it went (masked). */
export interface IssuedSignInCode {
  ticket: SignInCodeTicket
  delivery: CodeDeliveryDetails
}

const ATTRIBUTE = { EMAIL: 'email', SMS: 'phone_number' } as const

/** Codes are kept as HMACs keyed by the user's sub and the code's id: a leaked record does not reveal them. */
const codeHash = async (sub: string, codeId: string, code: string): Promise<string> =>
  toBase64Url(await hmacSha256(utf8(`${sub}|SIGN_IN|${codeId}`), code))

const mismatch = () => new CodeMismatchException('Invalid code or auth state for the user.')

/** The address a sign-in code for `medium` goes to, or undefined when the user has none. */
export function signInCodeAddress(user: UserRecord, medium: SignInCodeMedium): string | undefined {
  return user.attributes[ATTRIBUTE[medium]] || undefined
}

/**
 * Issues a 6-digit sign-in code and delivers it by `medium`: through the pool's custom sender for
 * that medium when it has one (triggerSource `Custom…Sender_Authentication`), else with the
 * CustomMessage function's text (`CustomMessage_Authentication`) or the pool's MFA template, through
 * the configured message delivery. Only its hash is stored, on the user record, in the one slot
 * for sign-in codes: a newer sign-in's code replaces an older one. It lives `lifetimeMinutes`
 * (a sign-in's AuthSessionValidity: a code outlives no session). Each code sent counts against the
 * account's hourly allowance of messages (LimitExceededException), as other codes do.
 */
export async function issueSignInCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  medium: SignInCodeMedium,
  lifetimeMinutes: number,
  context: MessageContext = {},
): Promise<IssuedSignInCode> {
  await limitCodeMessages(services, pool, username)
  const code = randomDigits(6)
  const codeId = randomToken(12)
  const expiresAt = services.now() + lifetimeMinutes * 60_000
  const saved = await withFreshUser(services, pool, username, async (found) => {
    const address = signInCodeAddress(found.user, medium)
    if (!address)
      throw new CodeDeliveryFailureException('The user has no address to send a code to.')
    const pending: PendingCode = {
      purpose: 'SIGN_IN',
      id: codeId,
      codeHash: await codeHash(found.user.sub, codeId, code),
      expiresAt,
      attribute: ATTRIBUTE[medium],
      sentTo: address,
    }
    const next = {
      ...found.user,
      codes: [...found.user.codes.filter((c) => c.purpose !== 'SIGN_IN'), pending],
      updatedAt: services.now(),
    }
    return { user: (await saveUser(services, pool, found, next)).user, address }
  })
  const channel = {
    address: saved.address,
    Destination: maskDestination(medium, saved.address),
    DeliveryMedium: medium,
    AttributeName: ATTRIBUTE[medium],
  }
  await sendCode(services, pool, saved.user, channel, 'AUTHENTICATION', code, context)
  const { address: _address, ...delivery } = channel
  return { ticket: { codeId, expiresAt, medium }, delivery }
}

/**
 * A ticket and delivery details for a name with no user behind it (or none who can be sent a code),
 * shaped like a real one so the answer does not tell them apart; nothing is sent or stored.
 */
export async function decoySignInCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
  medium: SignInCodeMedium,
  lifetimeMinutes: number,
): Promise<IssuedSignInCode> {
  const decoy = await decoyDelivery(services, pool, name)
  const delivery: CodeDeliveryDetails =
    decoy.DeliveryMedium === medium
      ? decoy
      : {
          Destination: medium === 'SMS' ? '+*******0000' : decoy.Destination,
          DeliveryMedium: medium,
          AttributeName: ATTRIBUTE[medium],
        }
  return {
    ticket: {
      codeId: randomToken(12),
      expiresAt: services.now() + lifetimeMinutes * 60_000,
      medium,
      decoy: true,
    },
    delivery,
  }
}

/**
 * Checks a sign-in code against its ticket and uses it up. The guess is first an attempt at the
 * account, reserved through the sign-in guard like a password or a TOTP code (five failures lock
 * the account out, 2^(n−5) s, "Password attempts exceeded"), and a guess at the code itself (each
 * code survives five), both before any comparison, so a burst of guesses counts every one. A right
 * code is removed from the user by compare-and-set, so it signs in once, even concurrently; an SMS
 * code also marks the phone number verified, an email code the address (they proved they receive
 * it). Wrong: CodeMismatchException; lapsed: ExpiredCodeException. A decoy ticket costs the same
 * and is always wrong (its name's guesses count, without a lockout). Returns the user as saved.
 */
export async function checkSignInCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  ticket: SignInCodeTicket,
  code: string,
): Promise<UserRecord> {
  const attempt = await reserveSignInAttempt(services, pool, username, {
    lockout: ticket.decoy !== true,
  })
  const granted = await reserveCodeGuess(services, pool, username, ticket.codeId, ticket.expiresAt)
  if (ticket.decoy) {
    await codeHash(username, ticket.codeId, code)
    throw mismatch()
  }
  const user = await withFreshUser(services, pool, username, async (found) => {
    const pending = found.user.codes.find((c) => c.purpose === 'SIGN_IN' && c.id === ticket.codeId)
    const matches =
      pending !== undefined &&
      constantTimeEqual(
        utf8(await codeHash(found.user.sub, ticket.codeId, code)),
        utf8(pending.codeHash),
      )
    if (!pending || !granted || !matches) throw mismatch()
    if (pending.expiresAt < services.now())
      throw new ExpiredCodeException('Invalid code provided, please request a code again.')
    const verifiedFlag = `${pending.attribute}_verified`
    const stillSameAddress =
      pending.attribute !== undefined && found.user.attributes[pending.attribute] === pending.sentTo
    const saved = await saveUser(services, pool, found, {
      ...found.user,
      codes: found.user.codes.filter((c) => c !== pending),
      attributes: stillSameAddress
        ? { ...found.user.attributes, [verifiedFlag]: 'true' }
        : found.user.attributes,
      updatedAt: services.now(),
    })
    return saved.user
  })
  await attempt.succeeded()
  return user
}
