import { beforeEach, describe, expect, it } from 'vitest'
import {
  checkSignInCode,
  decoySignInCode,
  issueSignInCode,
} from '../../src/userpool/mfa/sign-in-codes'
import type { UserPoolConfig } from '../../src/userpool/model'
import { requirePool } from '../../src/userpool/store/pool-repository'
import { testApp, type TestApp } from './support/app'

/**
 * The one module for short-lived sign-in codes, on memory stores and the injected clock: a code
 * is sent, kept as a hash, works once, lapses, and every guess is an attempt at the account.
 */
describe('sign-in codes (issue, deliver, check)', () => {
  let app: TestApp
  let pool: UserPoolConfig
  const services = () => app.runtime.services
  const lastCode = () => app.sent.at(-1)!.code!
  const error = (promise: Promise<unknown>) =>
    promise.then(
      () => 'no error',
      (e: Error) => `${e.name}: ${e.message}`,
    )

  beforeEach(async () => {
    app = testApp()
    const poolId = (
      (await app.admin('CreateUserPool', { PoolName: 'codes' })) as { UserPool: { Id: string } }
    ).UserPool.Id
    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'ann',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'ann@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'phone_number', Value: '+15555550123' },
      ],
    })
    pool = await requirePool(services(), poolId)
  })

  it('sends a code by email, stores only its hash, and accepts it once', async () => {
    const issued = await issueSignInCode(services(), pool, 'ann', 'EMAIL', 3)
    expect(issued.delivery).toEqual({
      Destination: 'a***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })
    const message = app.sent.at(-1)!
    expect(message).toMatchObject({
      purpose: 'AUTHENTICATION',
      medium: 'EMAIL',
      destination: 'ann@example.com',
    })
    expect(message.body).toContain(message.code)
    const stored = JSON.stringify(
      (await app.admin('AdminGetUser', { UserPoolId: pool.Id, Username: 'ann' })) ?? {},
    )
    expect(stored).not.toContain(message.code)
    const user = await checkSignInCode(services(), pool, 'ann', issued.ticket, message.code!)
    expect(user.codes.filter((c) => c.purpose === 'SIGN_IN')).toEqual([])
    expect(
      await error(checkSignInCode(services(), pool, 'ann', issued.ticket, message.code!)),
    ).toBe('CodeMismatchException: Invalid code or auth state for the user.')
  })

  it('marks the phone number verified once an SMS code is right', async () => {
    const issued = await issueSignInCode(services(), pool, 'ann', 'SMS', 3)
    expect(issued.delivery.Destination).toBe('+*******0123')
    const user = await checkSignInCode(services(), pool, 'ann', issued.ticket, lastCode())
    expect(user.attributes.phone_number_verified).toBe('true')
  })

  it('lapses after its lifetime', async () => {
    const issued = await issueSignInCode(services(), pool, 'ann', 'EMAIL', 3)
    app.advance(3 * 60_000 + 1)
    expect(await error(checkSignInCode(services(), pool, 'ann', issued.ticket, lastCode()))).toBe(
      'ExpiredCodeException: Invalid code provided, please request a code again.',
    )
  })

  it('is replaced by a newer sign-in’s code, and a ticket finds only its own code', async () => {
    const first = await issueSignInCode(services(), pool, 'ann', 'EMAIL', 3)
    const firstCode = lastCode()
    const second = await issueSignInCode(services(), pool, 'ann', 'EMAIL', 3)
    expect(await error(checkSignInCode(services(), pool, 'ann', first.ticket, firstCode))).toMatch(
      /^CodeMismatchException/,
    )
    await checkSignInCode(services(), pool, 'ann', second.ticket, lastCode())
  })

  it('counts wrong codes like wrong passwords: five, then the account is locked out', async () => {
    const issued = await issueSignInCode(services(), pool, 'ann', 'EMAIL', 3)
    const right = lastCode()
    const wrong = right === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++)
      expect(await error(checkSignInCode(services(), pool, 'ann', issued.ticket, wrong))).toMatch(
        /^CodeMismatchException/,
      )
    expect(await error(checkSignInCode(services(), pool, 'ann', issued.ticket, right))).toBe(
      'NotAuthorizedException: Password attempts exceeded',
    )
    // Once the lockout is over, the code's own guesses are used up: even the right one fails.
    app.advance(2_000)
    expect(await error(checkSignInCode(services(), pool, 'ann', issued.ticket, right))).toMatch(
      /^CodeMismatchException/,
    )
  })

  it('counts every guess of a burst, so at most five are ever compared', async () => {
    const issued = await issueSignInCode(services(), pool, 'ann', 'EMAIL', 3)
    const right = lastCode()
    const guesses = Array.from({ length: 20 }, (_, i) => String(i).padStart(6, '9'))
    const answers = await Promise.all(
      guesses.map((guess) => error(checkSignInCode(services(), pool, 'ann', issued.ticket, guess))),
    )
    expect(answers.filter((a) => a.startsWith('CodeMismatchException')).length).toBeLessThanOrEqual(
      5,
    )
    app.advance(60 * 60_000)
    expect(await error(checkSignInCode(services(), pool, 'ann', issued.ticket, right))).not.toBe(
      'no error',
    )
  })

  it('answers an unknown name like a known one, and sends nothing', async () => {
    const before = app.sent.length
    const decoy = await decoySignInCode(services(), pool, 'nobody@example.com', 'EMAIL', 3)
    expect(app.sent.length).toBe(before)
    expect(Object.keys(decoy.delivery).sort()).toEqual([
      'AttributeName',
      'DeliveryMedium',
      'Destination',
    ])
    expect(decoy.delivery.Destination).toMatch(/^\w\*\*\*@\w\*\*\*$/)
    expect(
      await error(checkSignInCode(services(), pool, 'nobody@example.com', decoy.ticket, '123456')),
    ).toBe('CodeMismatchException: Invalid code or auth state for the user.')
  })
})
