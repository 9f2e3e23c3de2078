import { beforeEach, describe, expect, it } from 'vitest'
import { testApp, type TestApp } from './support/app'

const PASSWORD = 'Code-Mfa-Pass-42'
const SNS_ROLE = 'arn:aws:iam::123456789012:role/cognito-sms'

// biome-ignore lint/suspicious/noExplicitAny: read member by member
type Json = Record<string, any>
const json = async (response: Response) => (await response.json()) as Json

/**
 * SMS and email codes as second factors through the JSON API, on memory stores and the injected
 * clock: which factor is owed, SELECT_MFA_TYPE, MFA_SETUP, and each code working once.
 */
describe('SMS and email MFA (JSON API, in process)', () => {
  let app: TestApp
  let poolId: string
  let clientId: string

  const setMfa = (body: Json) => app.admin('SetUserPoolMfaConfig', { UserPoolId: poolId, ...body })
  const allFactors = {
    SmsMfaConfiguration: {
      SmsAuthenticationMessage: 'Your sign-in code: {####}',
      SmsConfiguration: { SnsCallerArn: SNS_ROLE, ExternalId: 'portcullis' },
    },
    EmailMfaConfiguration: { Message: 'Sign in with {####}', Subject: 'Your code' },
    SoftwareTokenMfaConfiguration: { Enabled: true },
  }
  const createUser = async (username: string, attributes: Record<string, string>) => {
    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    })
    await app.admin('AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    })
  }
  const signIn = async (username: string) =>
    json(
      await app.call('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD },
      }),
    )
  const respond = async (challenge: string, session: unknown, responses: Json) =>
    json(
      await app.call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: challenge,
        Session: session,
        ChallengeResponses: responses,
      }),
    )
  const preference = (username: string, body: Json) =>
    app.admin('AdminSetUserMFAPreference', { UserPoolId: poolId, Username: username, ...body })
  const adminError = (promise: Promise<unknown>) =>
    promise.then(
      () => 'no error',
      (e: Error) => e.message,
    )
  const lastCode = () => app.sent.at(-1)!.code!

  beforeEach(async () => {
    app = testApp()
    poolId = (
      (await app.admin('CreateUserPool', {
        PoolName: 'codes',
        EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', SourceArn: SNS_ROLE },
      })) as { UserPool: { Id: string } }
    ).UserPool.Id
    clientId = (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'],
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
    await setMfa({ MfaConfiguration: 'OPTIONAL', ...allFactors })
    await createUser('sam', {
      phone_number: '+15555550199',
      email: 'sam@example.com',
      email_verified: 'true',
    })
  })

  it('echoes the factors the pool offers and refuses what it could not send', async () => {
    expect(await app.admin('GetUserPoolMfaConfig', { UserPoolId: poolId })).toEqual({
      MfaConfiguration: 'OPTIONAL',
      ...allFactors,
      WebAuthnConfiguration: { UserVerification: 'preferred' },
    })
    expect(await adminError(setMfa({ MfaConfiguration: 'ON', SmsMfaConfiguration: {} }))).toBe(
      'no error',
    ) // the pool already has an SNS role
    const other = (
      (await app.admin('CreateUserPool', { PoolName: 'plain' })) as { UserPool: { Id: string } }
    ).UserPool.Id
    expect(
      await adminError(
        app.admin('SetUserPoolMfaConfig', { UserPoolId: other, SmsMfaConfiguration: {} }),
      ),
    ).toMatch(/SnsCallerArn/)
    expect(
      await adminError(
        app.admin('SetUserPoolMfaConfig', {
          UserPoolId: other,
          EmailMfaConfiguration: { Message: 'Code {####}' },
        }),
      ),
    ).toMatch(/EmailSendingAccount/)
    expect(
      await adminError(
        app.admin('SetUserPoolMfaConfig', {
          UserPoolId: other,
          EmailMfaConfiguration: { Message: 'No placeholder here' },
        }),
      ),
    ).toMatch(/emailMfaConfiguration.message/)
    expect(
      await adminError(
        app.admin('SetUserPoolMfaConfig', { UserPoolId: other, MfaConfiguration: 'ON' }),
      ),
    ).toMatch(/needs a second factor/)
    // Left out, SMS and email MFA are off again.
    await setMfa({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } })
    expect(await app.admin('GetUserPoolMfaConfig', { UserPoolId: poolId })).toEqual({
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
      WebAuthnConfiguration: { UserVerification: 'preferred' },
    })
  })

  it('turns a factor on only where the user can receive it, and keeps one preferred', async () => {
    await createUser('nia', { email: 'nia@example.com' })
    expect(await adminError(preference('nia', { SMSMfaSettings: { Enabled: true } }))).toMatch(
      /phone number/,
    )
    expect(await adminError(preference('nia', { EmailMfaSettings: { Enabled: true } }))).toMatch(
      /verified email/,
    )
    expect(
      await adminError(preference('sam', { SoftwareTokenMfaSettings: { Enabled: true } })),
    ).toMatch(/User has not verified software token mfa/)
    expect(
      await adminError(
        preference('sam', { SMSMfaSettings: { Enabled: false, PreferredMfa: true } }),
      ),
    ).toMatch(/enabled to be preferred/)
    await preference('sam', { SMSMfaSettings: { Enabled: true, PreferredMfa: true } })
    await preference('sam', { EmailMfaSettings: { Enabled: true, PreferredMfa: true } })
    expect(await app.admin('AdminGetUser', { UserPoolId: poolId, Username: 'sam' })).toMatchObject({
      MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
      UserMFASettingList: ['SMS_MFA', 'EMAIL_OTP'],
      PreferredMfaSetting: 'EMAIL_OTP',
    })
  })

  it('asks for the preferred factor’s code, sent masked, good once', async () => {
    await preference('sam', { SMSMfaSettings: { Enabled: true, PreferredMfa: true } })
    await preference('sam', { EmailMfaSettings: { Enabled: true } })
    const challenge = await signIn('sam')
    expect(challenge).toMatchObject({
      ChallengeName: 'SMS_MFA',
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
        CODE_DELIVERY_DESTINATION: '+*******0199',
        USER_ID_FOR_SRP: 'sam',
      },
    })
    const message = app.sent.at(-1)!
    expect(message).toMatchObject({ purpose: 'AUTHENTICATION', medium: 'SMS' })
    expect(message.body).toBe(`Your sign-in code: ${message.code}`)
    const wrong = message.code === '123456' ? '654321' : '123456'
    expect(
      await respond('SMS_MFA', challenge.Session, { USERNAME: 'sam', SMS_MFA_CODE: wrong }),
    ).toEqual({
      __type: 'CodeMismatchException',
      message: 'Invalid code or auth state for the user.',
    })
    const done = await respond('SMS_MFA', challenge.Session, {
      USERNAME: 'sam',
      SMS_MFA_CODE: message.code,
    })
    expect(done.AuthenticationResult.AccessToken).toBeTypeOf('string')
    expect(
      (
        await respond('SMS_MFA', challenge.Session, {
          USERNAME: 'sam',
          SMS_MFA_CODE: message.code,
        })
      ).__type,
    ).toBe('CodeMismatchException')
    // An SMS_MFA session does not answer another challenge.
    expect(
      (
        await respond('EMAIL_OTP', challenge.Session, {
          USERNAME: 'sam',
          EMAIL_OTP_CODE: message.code,
        })
      ).__type,
    ).toBe('NotAuthorizedException')
  })

  it('lets a user with several factors and none preferred choose (SELECT_MFA_TYPE)', async () => {
    await preference('sam', { SMSMfaSettings: { Enabled: true } })
    await preference('sam', { EmailMfaSettings: { Enabled: true } })
    const select = await signIn('sam')
    expect(select).toMatchObject({
      ChallengeName: 'SELECT_MFA_TYPE',
      ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","EMAIL_OTP"]', USER_ID_FOR_SRP: 'sam' },
    })
    const sentBefore = app.sent.length
    expect(
      await respond('SELECT_MFA_TYPE', select.Session, {
        USERNAME: 'sam',
        ANSWER: 'SOFTWARE_TOKEN_MFA',
      }),
    ).toMatchObject({ __type: 'InvalidParameterException' })
    expect(app.sent.length).toBe(sentBefore)
    const email = await respond('SELECT_MFA_TYPE', select.Session, {
      USERNAME: 'sam',
      ANSWER: 'EMAIL_OTP',
    })
    expect(email).toMatchObject({
      ChallengeName: 'EMAIL_OTP',
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
        CODE_DELIVERY_DESTINATION: 's***@e***',
      },
    })
    expect(app.sent.at(-1)).toMatchObject({
      medium: 'EMAIL',
      destination: 'sam@example.com',
      subject: 'Your code',
      body: `Sign in with ${lastCode()}`,
    })
    const done = await respond('EMAIL_OTP', email.Session, {
      USERNAME: 'sam',
      EMAIL_OTP_CODE: lastCode(),
    })
    expect(done.AuthenticationResult.IdToken).toBeTypeOf('string')
  })

  it('under MFA ON sends a code to an address the user has, and asks others to set a factor up', async () => {
    await setMfa({ MfaConfiguration: 'ON', ...allFactors })
    await createUser('pat', { phone_number: '+15555550100' })
    expect((await signIn('pat')).ChallengeName).toBe('SMS_MFA')
    await createUser('kim', { email: 'kim@example.com' })
    expect(await signIn('kim')).toMatchObject({
      ChallengeName: 'MFA_SETUP',
      ChallengeParameters: { MFAS_CAN_SETUP: '["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' },
    })
    // sam could receive either: a choice.
    expect((await signIn('sam')).ChallengeName).toBe('SELECT_MFA_TYPE')
    // The user's last factor cannot be turned off while the pool requires MFA.
    await preference('pat', { SMSMfaSettings: { Enabled: true } })
    expect(await adminError(preference('pat', { SMSMfaSettings: { Enabled: false } }))).toMatch(
      /requires MFA/,
    )
  })

  it('counts wrong codes like wrong passwords, and a code lapses with its session', async () => {
    await preference('sam', { EmailMfaSettings: { Enabled: true, PreferredMfa: true } })
    const challenge = await signIn('sam')
    const right = lastCode()
    const wrong = right === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++)
      expect(
        (await respond('EMAIL_OTP', challenge.Session, { USERNAME: 'sam', EMAIL_OTP_CODE: wrong }))
          .__type,
      ).toBe('CodeMismatchException')
    expect(
      await respond('EMAIL_OTP', challenge.Session, { USERNAME: 'sam', EMAIL_OTP_CODE: right }),
    ).toEqual({ __type: 'NotAuthorizedException', message: 'Password attempts exceeded' })
    // The password itself is locked out too: the code guesses were attempts at the account.
    expect((await signIn('sam')).message).toBe('Password attempts exceeded')

    app.advance(60 * 60_000)
    const next = await signIn('sam')
    app.advance(3 * 60_000 + 1_000)
    expect(
      await respond('EMAIL_OTP', next.Session, { USERNAME: 'sam', EMAIL_OTP_CODE: lastCode() }),
    ).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    })
  })

  it('switches SMS MFA the legacy way (SetUserSettings)', async () => {
    const tokens = (await signIn('sam')).AuthenticationResult
    expect(
      await json(
        await app.call('SetUserSettings', {
          AccessToken: tokens.AccessToken,
          MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
        }),
      ),
    ).toEqual({})
    expect(
      await json(await app.call('GetUser', { AccessToken: tokens.AccessToken })),
    ).toMatchObject({
      MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
      UserMFASettingList: ['SMS_MFA'],
    })
    expect((await signIn('sam')).ChallengeName).toBe('SMS_MFA')
    expect(
      (
        await json(
          await app.call('SetUserSettings', {
            AccessToken: tokens.AccessToken,
            MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }],
          }),
        )
      ).__type,
    ).toBe('InvalidParameterException')
    await app.admin('AdminSetUserSettings', { UserPoolId: poolId, Username: 'sam', MFAOptions: [] })
    expect((await signIn('sam')).AuthenticationResult).toBeDefined()
    expect(
      await json(await app.call('GetUserAuthFactors', { AccessToken: tokens.AccessToken })),
    ).toEqual({ Username: 'sam', ConfiguredUserAuthFactors: ['PASSWORD'], UserMFASettingList: [] })
  })
})
