import { beforeEach, describe, expect, it } from 'vitest'
import { testApp, type TestApp } from './support/app'
import { authenticator } from './support/authenticator'

const PASSWORD = 'Totp-Unit-Pass-42'

const json = async (response: Response) => (await response.json()) as Record<string, unknown>

/**
 * TOTP as a second factor through the JSON API, on the injected clock: each code works once (the
 * step is claimed by compare-and-set), a step either side is accepted for drift, no further.
 */
describe('TOTP second factor (JSON API, in process, injected clock)', () => {
  let app: TestApp
  let clientId: string
  let secret: string

  const passwordStep = async () =>
    json(
      await app.call('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'tom', PASSWORD },
      }),
    )
  const answer = async (session: unknown, code: string) =>
    json(
      await app.call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: 'tom', SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    )

  beforeEach(async () => {
    app = testApp()
    // Half-way into a step, so that moving the clock by whole steps lands well inside each.
    app.advance(15_000 - (app.now() % 30_000))
    const poolId = (
      (await app.admin('CreateUserPool', { PoolName: 'totp' })) as { UserPool: { Id: string } }
    ).UserPool.Id
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    })
    clientId = (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'tom',
      MessageAction: 'SUPPRESS',
    })
    await app.admin('AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: 'tom',
      Password: PASSWORD,
      Permanent: true,
    })
    const tokens = (await passwordStep()).AuthenticationResult as { AccessToken: string }
    const associated = await json(
      await app.call('AssociateSoftwareToken', { AccessToken: tokens.AccessToken }),
    )
    secret = String(associated.SecretCode)
    const verified = await json(
      await app.call('VerifySoftwareToken', {
        AccessToken: tokens.AccessToken,
        UserCode: authenticator(secret, app.now()),
      }),
    )
    expect(verified.Status).toBe('SUCCESS')
    await app.call('SetUserMFAPreference', {
      AccessToken: tokens.AccessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    })
    // The code used to verify the authenticator is spent too: start from the next step.
    app.advance(30_000)
  })

  it('asks for a code after the password and accepts each code once', async () => {
    const first = await passwordStep()
    expect(first.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    const code = authenticator(secret, app.now())
    expect((await answer(first.Session, code)).AuthenticationResult).toBeTruthy()
    // The same code in another sign-in, within its step: refused.
    const second = await passwordStep()
    expect(await answer(second.Session, code)).toMatchObject({ __type: 'CodeMismatchException' })
    app.advance(30_000)
    const third = await passwordStep()
    expect(
      (await answer(third.Session, authenticator(secret, app.now()))).AuthenticationResult,
    ).toBeTruthy()
  })

  it('accepts one step of drift either way and no more', async () => {
    const late = await passwordStep()
    expect((await answer(late.Session, authenticator(secret, app.now() - 30_000))).__type).toBe(
      'CodeMismatchException',
    ) // the previous step was the one used to verify the authenticator: spent
    app.advance(30_000)
    const drifted = await passwordStep()
    expect(
      (await answer(drifted.Session, authenticator(secret, app.now() - 30_000)))
        .AuthenticationResult,
    ).toBeTruthy()
    app.advance(30_000)
    const ahead = await passwordStep()
    expect(
      (await answer(ahead.Session, authenticator(secret, app.now() + 30_000))).AuthenticationResult,
    ).toBeTruthy()
    app.advance(90_000)
    const far = await passwordStep()
    expect((await answer(far.Session, authenticator(secret, app.now() + 60_000))).__type).toBe(
      'CodeMismatchException',
    )
  })
})
