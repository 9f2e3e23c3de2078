import { describe, expect, it } from 'vitest'
import { adminSetUserPassword } from '../../src/userpool/users/set-password'
import { checkPassword } from '../../src/userpool/auth/user-password'
import { getUserByUsername } from '../../src/userpool/store/directory'
import { confirmForgotPassword } from '../../src/userpool/signup/confirm-forgot-password'
import { confirmSignUp } from '../../src/userpool/signup/confirm-sign-up'
import { forgotPassword } from '../../src/userpool/signup/forgot-password'
import { resendConfirmationCode } from '../../src/userpool/signup/resend-code'
import { signUp } from '../../src/userpool/signup/sign-up'
import { PASSWORD, confirmedUser, poolWithClient, testServices } from './support/user-pool'

/** What an attempt came to: signed in, or the error's name and message. */
const outcome = (attempt: Promise<unknown>): Promise<string> =>
  attempt.then(
    () => 'ok',
    (error: Error) => `${error.name}: ${error.message}`,
  )

const WRONG = 'NotAuthorizedException: Incorrect username or password.'
const LOCKED = 'NotAuthorizedException: Password attempts exceeded'
const MISMATCH = 'CodeMismatchException: Invalid verification code provided, please try again.'

describe('sign-in lockout, reserved before the hash', () => {
  it('lets five of a burst of twenty wrong passwords be checked, writes nothing, and locks until the lockout ends', async () => {
    const { services, advance } = testServices()
    const resolved = await poolWithClient(services)
    const { pool, client } = resolved
    await confirmedUser(services, resolved, 'dana')
    const before = (await getUserByUsername(services, pool, 'dana'))!.version
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        outcome(checkPassword(services, pool, client, 'dana', `Wrong-${i}-pass`)),
      ),
    )
    expect(answers.filter((a) => a === WRONG)).toHaveLength(5)
    expect(answers.filter((a) => a === LOCKED)).toHaveLength(15)
    // Failed attempts are counted in the limiter, never written to the user record.
    expect((await getUserByUsername(services, pool, 'dana'))!.version).toBe(before)
    // Locked even for the right password, until 1 s has passed.
    expect(await outcome(checkPassword(services, pool, client, 'dana', PASSWORD))).toBe(LOCKED)
    advance(1000)
    expect(await outcome(checkPassword(services, pool, client, 'dana', 'Wrong-6-pass'))).toBe(WRONG)
    advance(1999)
    expect(await outcome(checkPassword(services, pool, client, 'dana', PASSWORD))).toBe(LOCKED)
    advance(1)
    expect(await outcome(checkPassword(services, pool, client, 'dana', PASSWORD))).toBe('ok')
    // The success reset the count: five more free attempts.
    for (let i = 0; i < 5; i++)
      expect(await outcome(checkPassword(services, pool, client, 'dana', 'Wrong-x-pass'))).toBe(
        WRONG,
      )
    expect(await outcome(checkPassword(services, pool, client, 'dana', PASSWORD))).toBe(LOCKED)
  })

  it('signs in with the right password of a burst only if it was reserved before the lockout', async () => {
    const { services } = testServices()
    const resolved = await poolWithClient(services)
    await confirmedUser(services, resolved, 'erik')
    const passwords = [...Array.from({ length: 19 }, (_, i) => `Wrong-${i}-pass`), PASSWORD]
    const answers = await Promise.all(
      passwords.map((p) =>
        outcome(checkPassword(services, resolved.pool, resolved.client, 'erik', p)),
      ),
    )
    const right = answers[19]
    expect(right === 'ok' || right === LOCKED).toBe(true)
    const reserved = answers.filter((a) => a !== LOCKED).length
    expect(reserved).toBeLessThanOrEqual(right === 'ok' ? 10 : 5)
  })

  it('counts the attempts at an unknown name too when PreventUserExistenceErrors hides it, and only then', async () => {
    const { services } = testServices()
    const { pool, client } = await poolWithClient(
      services,
      {},
      { PreventUserExistenceErrors: 'ENABLED' },
    )
    const answers = []
    for (let i = 0; i < 6; i++)
      answers.push(await outcome(checkPassword(services, pool, client, 'nobody', 'Wrong-1-pass')))
    expect(answers).toEqual([WRONG, WRONG, WRONG, WRONG, WRONG, LOCKED])
    const legacy = await poolWithClient(services)
    for (let i = 0; i < 6; i++)
      expect(
        await outcome(
          checkPassword(services, legacy.pool, legacy.client, 'nobody', 'Wrong-1-pass'),
        ),
      ).toBe('UserNotFoundException: User does not exist.')
  })

  it('lifts the lockout when an administrator sets a permanent password, or a reset code is used', async () => {
    const { services, sent } = testServices()
    const resolved = await poolWithClient(services)
    const { pool, client } = resolved
    await confirmedUser(services, resolved, 'fay', [
      { Name: 'email', Value: 'fay@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    const lockOut = async () => {
      for (let i = 0; i < 5; i++) await outcome(checkPassword(services, pool, client, 'fay', 'x'))
      expect(await outcome(checkPassword(services, pool, client, 'fay', PASSWORD))).toBe(LOCKED)
    }
    await lockOut()
    await adminSetUserPassword(services, pool, 'fay', PASSWORD, true)
    expect(await outcome(checkPassword(services, pool, client, 'fay', PASSWORD))).toBe('ok')

    await lockOut()
    await forgotPassword(services, resolved, { Username: 'fay' })
    const code = sent.findLast((m) => m.purpose === 'FORGOT_PASSWORD')!.code!
    await confirmForgotPassword(services, resolved, {
      Username: 'fay',
      ConfirmationCode: code,
      Password: 'Brand-New-Pass-7',
    })
    expect(await outcome(checkPassword(services, pool, client, 'fay', 'Brand-New-Pass-7'))).toBe(
      'ok',
    )
  })
})

describe('code guesses, reserved before the comparison', () => {
  it('counts every wrong code of a burst, writes nothing, and gives a new code five guesses of its own', async () => {
    const { services, sent } = testServices()
    const resolved = await poolWithClient(services, { AutoVerifiedAttributes: ['email'] })
    await signUp(services, resolved, {
      Username: 'gus',
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'gus@example.com' }],
    })
    const code = sent.findLast((m) => m.purpose === 'SIGN_UP')!.code!
    const wrong = code === '000000' ? '111111' : '000000'
    const before = (await getUserByUsername(services, resolved.pool, 'gus'))!.version
    const confirm = (ConfirmationCode: string) =>
      outcome(confirmSignUp(services, resolved, { Username: 'gus', ConfirmationCode }))
    const answers = await Promise.all(Array.from({ length: 10 }, () => confirm(wrong)))
    expect(answers.every((a) => a === MISMATCH)).toBe(true)
    expect((await getUserByUsername(services, resolved.pool, 'gus'))!.version).toBe(before)
    expect(await confirm(code)).toBe(MISMATCH)

    await resendConfirmationCode(services, resolved, { Username: 'gus' })
    const fresh = sent.findLast((m) => m.purpose === 'RESEND_CODE')!.code!
    const other = fresh === '000000' ? '111111' : '000000'
    await Promise.all(Array.from({ length: 4 }, () => confirm(other)))
    expect(await confirm(fresh)).toBe('ok')
  })

  it('answers a wrong guess at an expired code like any wrong guess when existence is hidden', async () => {
    const { services, sent, advance } = testServices()
    const hidden = await poolWithClient(
      services,
      { AutoVerifiedAttributes: ['email'] },
      { PreventUserExistenceErrors: 'ENABLED' },
    )
    await signUp(services, hidden, {
      Username: 'hal',
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'hal@example.com' }],
    })
    const code = sent.findLast((m) => m.purpose === 'SIGN_UP')!.code!
    const wrong = code === '000000' ? '111111' : '000000'
    advance(25 * 3600 * 1000)
    const confirm = (resolved: typeof hidden, Username: string, ConfirmationCode: string) =>
      outcome(confirmSignUp(services, resolved, { Username, ConfirmationCode }))
    expect(await confirm(hidden, 'hal', wrong)).toBe(MISMATCH)
    expect(await confirm(hidden, 'nobody', wrong)).toBe(MISMATCH)
    expect(await confirm(hidden, 'hal', code)).toMatch(/^ExpiredCodeException/)
    // Without PreventUserExistenceErrors the expiry is Cognito's answer to any guess.
    const legacy = {
      pool: hidden.pool,
      client: { ...hidden.client, PreventUserExistenceErrors: 'LEGACY' as const },
    }
    expect(await confirm(legacy, 'hal', wrong)).toMatch(/^ExpiredCodeException/)
  })
})
