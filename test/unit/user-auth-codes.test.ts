import { beforeEach, describe, expect, it } from 'vitest'
import { testApp, type TestApp } from './support/app'

type Json = Record<string, unknown>
const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Json,
})

/** USER_AUTH's passwordless code choices (EMAIL_OTP, SMS_OTP) over the sign-in code module. */
describe('USER_AUTH with EMAIL_OTP and SMS_OTP (JSON API, in process)', () => {
  let app: TestApp
  let poolId: string
  let clientId: string

  beforeEach(async () => {
    app = testApp()
    poolId = (
      (await app.admin('CreateUserPool', {
        PoolName: 'codes',
        Policies: {
          SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] },
        },
      })) as { UserPool: { Id: string } }
    ).UserPool.Id
    clientId = (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'olga',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'olga@example.com' },
        { Name: 'phone_number', Value: '+15550100' },
      ],
    })
    await app.admin('AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: 'olga',
      Password: 'Codes-Unit-Pass-42',
      Permanent: true,
    })
  })

  const initiate = async (parameters: Record<string, string>) =>
    json(
      await app.call('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: parameters,
      }),
    )
  const respond = async (name: string, session: unknown, responses: Record<string, string>) =>
    json(
      await app.call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: name,
        Session: session,
        ChallengeResponses: responses,
      }),
    )

  it('selects EMAIL_OTP, sends a code and signs in with it once', async () => {
    const select = await initiate({ USERNAME: 'olga' })
    expect(select.body.AvailableChallenges).toEqual([
      'PASSWORD',
      'PASSWORD_SRP',
      'EMAIL_OTP',
      'SMS_OTP',
    ])
    const chosen = await respond('SELECT_CHALLENGE', select.body.Session, {
      USERNAME: 'olga',
      ANSWER: 'EMAIL_OTP',
    })
    expect(chosen.body.ChallengeName).toBe('EMAIL_OTP')
    expect(chosen.body.ChallengeParameters).toMatchObject({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
    })
    const code = app.sent.at(-1)!.code!
    const wrong = await respond('EMAIL_OTP', chosen.body.Session, {
      USERNAME: 'olga',
      EMAIL_OTP_CODE: code === '000000' ? '111111' : '000000',
    })
    expect(wrong.body.__type).toBe('CodeMismatchException')
    const signedIn = await respond('EMAIL_OTP', chosen.body.Session, {
      USERNAME: 'olga',
      EMAIL_OTP_CODE: code,
    })
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200)
    expect(signedIn.body.AuthenticationResult).toBeTruthy()
    const again = await respond('EMAIL_OTP', chosen.body.Session, {
      USERNAME: 'olga',
      EMAIL_OTP_CODE: code,
    })
    expect(again.body.__type).toBe('CodeMismatchException')
  })

  it('starts SMS_OTP as the preferred choice', async () => {
    const started = await initiate({ USERNAME: 'olga', PREFERRED_CHALLENGE: 'SMS_OTP' })
    expect(started.body.ChallengeName).toBe('SMS_OTP')
    expect(started.body.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS' })
    const signedIn = await respond('SMS_OTP', started.body.Session, {
      USERNAME: 'olga',
      SMS_OTP_CODE: app.sent.at(-1)!.code!,
    })
    expect(signedIn.body.AuthenticationResult).toBeTruthy()
  })

  it('answers an unknown name like a known one, and its code never works', async () => {
    const select = await initiate({ USERNAME: 'nobody' })
    expect(select.body.ChallengeName).toBe('SELECT_CHALLENGE')
    const before = app.sent.length
    const chosen = await respond('SELECT_CHALLENGE', select.body.Session, {
      USERNAME: 'nobody',
      ANSWER: 'EMAIL_OTP',
    })
    expect(chosen.body.ChallengeName).toBe('EMAIL_OTP')
    expect(app.sent.length).toBe(before)
    const refused = await respond('EMAIL_OTP', chosen.body.Session, {
      USERNAME: 'nobody',
      EMAIL_OTP_CODE: '123456',
    })
    expect(refused.body.__type).toBe('CodeMismatchException')
  })

  it('refuses a session of one stage at another', async () => {
    const select = await initiate({ USERNAME: 'olga' })
    const refused = await respond('EMAIL_OTP', select.body.Session, {
      USERNAME: 'olga',
      EMAIL_OTP_CODE: '123456',
    })
    expect(refused.body.__type).toBe('NotAuthorizedException')
  })
})
