import { describe, expect, it } from 'vitest'
import { setUserEnabled } from '../../src/userpool/users/user-status'
import { initiateSrpSignIn } from '../../src/userpool/auth/user-srp'
import { checkPassword } from '../../src/userpool/auth/user-password'
import { getUserByUsername } from '../../src/userpool/store/directory'
import { saveUser } from '../../src/userpool/store/users'
import { decoyDelivery } from '../../src/userpool/delivery/messages'
import { confirmSignUp } from '../../src/userpool/signup/confirm-sign-up'
import { forgotPassword } from '../../src/userpool/signup/forgot-password'
import { resendConfirmationCode } from '../../src/userpool/signup/resend-code'
import { signUp } from '../../src/userpool/signup/sign-up'
import { PASSWORD, confirmedUser, poolWithClient, testServices } from './support/user-pool'

const HIDDEN = { PreventUserExistenceErrors: 'ENABLED' } as const

/** What a call came to: its result, or the error's name and message. */
const outcome = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    (result) => result,
    (error: Error) => `${error.name}: ${error.message}`,
  )

describe('decoy code deliveries', () => {
  it('masks an address given as the name, as a real user with that address would see it', async () => {
    const { services } = testServices()
    const { pool } = await poolWithClient(services, {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    })
    const expected = { Destination: 'v***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }
    expect(await decoyDelivery(services, pool, 'victim@example.com')).toEqual(expected)
    expect(await decoyDelivery(services, pool, 'Victim@Example.COM')).toEqual(expected)
    const phones = await poolWithClient(services, {
      UsernameAttributes: ['phone_number'],
      AutoVerifiedAttributes: ['phone_number'],
    })
    expect(await decoyDelivery(services, phones.pool, '+15551234567')).toEqual({
      Destination: '+*******4567',
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    })
  })

  it('gives any other name a stable destination of the pool’s usual medium that only the key predicts', async () => {
    const { services } = testServices()
    const { pool } = await poolWithClient(services, { AutoVerifiedAttributes: ['email'] })
    const first = await decoyDelivery(services, pool, 'ghost')
    expect(first.Destination).toMatch(/^[a-z]\*\*\*@[a-z]\*\*\*$/)
    expect(await decoyDelivery(services, pool, 'ghost')).toEqual(first)
    const phones = await poolWithClient(services, { AutoVerifiedAttributes: ['phone_number'] })
    expect((await decoyDelivery(services, phones.pool, 'ghost')).Destination).toMatch(
      /^\+\*{7}\d{4}$/,
    )
  })
})

describe('known users answered like unknown ones when PreventUserExistenceErrors is ENABLED', () => {
  it('ForgotPassword: a disabled user, a federated one and one with no verified address look unknown', async () => {
    const { services, sent } = testServices()
    const resolved = await poolWithClient(
      services,
      { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
      HIDDEN,
    )
    const { pool } = resolved
    const verified = (email: string) => [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
    ]
    const forgot = (Username: string) => outcome(forgotPassword(services, resolved, { Username }))
    await confirmedUser(services, resolved, 'alice@example.com', verified('alice@example.com'))
    expect(await forgot('alice@example.com')).toEqual(await forgot('anybody@elsewhere.org'))
    const disabled = await confirmedUser(
      services,
      resolved,
      'dora@example.com',
      verified('dora@example.com'),
    )
    await setUserEnabled(services, pool, disabled, false)
    const federated = await confirmedUser(
      services,
      resolved,
      'fed@example.com',
      verified('fed@example.com'),
    )
    const loaded = (await getUserByUsername(services, pool, federated))!
    await saveUser(services, pool, loaded, { ...loaded.user, status: 'EXTERNAL_PROVIDER' })
    await confirmedUser(services, resolved, 'nell@example.com', [
      { Name: 'email', Value: 'nell@example.com' },
    ])
    const before = sent.length
    expect(await forgot('dora@example.com')).toEqual(await forgot('dan@elsewhere.org'))
    expect(await forgot('fed@example.com')).toEqual(await forgot('frank@elsewhere.org'))
    expect(await forgot('nell@example.com')).toEqual(await forgot('ned@elsewhere.org'))
    // None of them was sent anything.
    expect(sent.length).toBe(before)
  })

  it('ResendConfirmationCode and ConfirmSignUp: a confirmed user looks unknown', async () => {
    const { services } = testServices()
    const resolved = await poolWithClient(
      services,
      { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
      HIDDEN,
    )
    await confirmedUser(services, resolved, 'carl@example.com', [
      { Name: 'email', Value: 'carl@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    await signUp(services, resolved, { Username: 'cleo@example.com', Password: PASSWORD })
    const resend = (Username: string) =>
      outcome(resendConfirmationCode(services, resolved, { Username }))
    const confirm = (Username: string) =>
      outcome(confirmSignUp(services, resolved, { Username, ConfirmationCode: '000001' }))
    expect(await resend('carl@example.com')).toEqual(await resend('cyril@elsewhere.org'))
    expect(await resend('cleo@example.com')).toEqual(await resend('cyril@elsewhere.org'))
    expect(await confirm('carl@example.com')).toEqual(await confirm('cyril@elsewhere.org'))
    expect(await confirm('cleo@example.com')).toEqual(await confirm('cyril@elsewhere.org'))
  })

  it('USER_SRP_AUTH: an unknown address gets a challenge of the same form, and is locked out alike', async () => {
    const { services } = testServices()
    const resolved = await poolWithClient(services, { UsernameAttributes: ['email'] }, HIDDEN)
    const { pool, client } = resolved
    await confirmedUser(services, resolved, 'sam@example.com', [
      { Name: 'email', Value: 'sam@example.com' },
    ])
    const A = 'ab'.repeat(380)
    const challenge = async (name: string) => {
      const started = await initiateSrpSignIn(services, pool, client, name, A)
      if (started.kind !== 'challenge') throw new Error('expected a challenge')
      const p = started.parameters
      return {
        names: Object.keys(p).sort(),
        salt: p.SALT?.length,
        block: p.SECRET_BLOCK?.length,
        id: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(
          p.USER_ID_FOR_SRP ?? '',
        ),
      }
    }
    const known = await challenge('sam@example.com')
    for (let i = 0; i < 5; i++) {
      expect(await challenge('sam@example.com')).toEqual(known)
      expect(await challenge('sid@elsewhere.org')).toEqual(known)
    }
    // Five wrong passwords lock the name, whether it exists or not, in both flows.
    for (const name of ['sam@example.com', 'sid@elsewhere.org']) {
      for (let i = 0; i < 5; i++) await outcome(checkPassword(services, pool, client, name, 'x'))
      expect(await outcome(initiateSrpSignIn(services, pool, client, name, A))).toBe(
        'NotAuthorizedException: Password attempts exceeded',
      )
    }
  })
})
