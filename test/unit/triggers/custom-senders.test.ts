import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node'
import { describe, expect, it, vi } from 'vitest'
import { testApp, type TestApp } from '../support/app'
import { kmsClient } from '../support/sdk'

const EMAIL_SENDER = 'arn:aws:lambda:us-east-1:123456789012:function:email-sender'
const SMS_SENDER = 'arn:aws:lambda:us-east-1:123456789012:function:sms-sender'
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
const KEY_ALIAS = 'alias/cognito-codes'
const PASSWORD = 'Correct-Horse-42'
const SDK_HEADERS = {
  'x-amz-user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 api/cognito-identity-provider#3.1169.0',
}

// biome-ignore lint/suspicious/noExplicitAny: events are compared whole against golden JSON
type SenderEvent = any

/**
 * The code as the guide's handler reads it: `decrypt(keyring, b64.toByteArray(code))` with the
 * Encryption SDK under REQUIRE_ENCRYPT_ALLOW_DECRYPT, the keyring's KMS client pointed at the Worker.
 */
async function decryptCode(app: TestApp, code: string): Promise<string> {
  const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
  const keyring = new KmsKeyringNode({
    generatorKeyId: KEY_ALIAS,
    keyIds: [KEY_ARN],
    clientProvider: () => kmsClient(app),
  })
  const { plaintext } = await decrypt(keyring, Buffer.from(code, 'base64'))
  return Buffer.from(plaintext).toString('utf8')
}

/** A Worker whose pool sends email (and, if asked, SMS) through bound sender functions. */
async function poolWithSenders(
  options: {
    sms?: boolean
    email?: boolean
    fail?: boolean
    pool?: object
    /** Keeps the function from finishing until it settles. */
    held?: Promise<void>
  } = {},
) {
  const events: SenderEvent[] = []
  const sender = async (event: unknown) => {
    await options.held
    events.push(structuredClone(event))
    if (options.fail) throw new Error('the provider is down')
    return undefined
  }
  const app = testApp(
    {
      TRIGGER_TARGETS: JSON.stringify({
        [EMAIL_SENDER]: { service: 'SENDERS', method: 'email' },
        [SMS_SENDER]: { service: 'SENDERS', method: 'sms' },
      }),
    },
    { SENDERS: { email: sender, sms: sender } },
  )
  const LambdaConfig = {
    ...(options.email !== false
      ? { CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: EMAIL_SENDER } }
      : {}),
    ...(options.sms ? { CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: SMS_SENDER } } : {}),
    KMSKeyID: KEY_ARN,
  }
  const { UserPool } = (await app.admin('CreateUserPool', {
    PoolName: 'senders',
    AutoVerifiedAttributes: ['email'],
    LambdaConfig,
    ...options.pool,
  })) as { UserPool: { Id: string; LambdaConfig: unknown } }
  const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: 'app',
    ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  })) as { UserPoolClient: { ClientId: string } }
  const poolId = UserPool.Id
  const clientId = UserPoolClient.ClientId
  // Senders run after the answer, as Cognito's do: each call here waits for them before returning.
  const call = async (operation: string, body: object) => {
    const response = await app.call(operation, body, SDK_HEADERS)
    const answer = {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }
    await app.settled()
    return answer
  }
  const admin: TestApp['admin'] = async (...request) => {
    const answer = await app.admin(...request)
    await app.settled()
    return answer
  }
  /** The event's code decrypted, and the event with it replaced by a marker (for golden JSON). */
  const opened = async (event: SenderEvent) => {
    expect(typeof event.request.code).toBe('string')
    const code = await decryptCode(app, event.request.code)
    return { code, event: { ...event, request: { ...event.request, code: '<encrypted>' } } }
  }
  return {
    app: { ...app, admin },
    poolId,
    clientId,
    events,
    call,
    opened,
    lambdaConfig: UserPool.LambdaConfig,
  }
}

const base = (poolId: string, triggerSource: string, userName: string, clientId: string) => ({
  version: '1',
  triggerSource,
  region: 'us-east-1',
  userPoolId: poolId,
  userName,
  callerContext: { awsSdkVersion: expect.any(String), clientId },
})

describe('the custom email sender', () => {
  it('gets SignUp’s code, encrypted so the Encryption SDK decrypts it through KMS Decrypt', async () => {
    const { app, poolId, clientId, events, call, opened, lambdaConfig } = await poolWithSenders()
    expect(lambdaConfig).toEqual({
      CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: EMAIL_SENDER },
      KMSKeyID: KEY_ARN,
    })
    const signUp = await call('SignUp', {
      ClientId: clientId,
      Username: 'ana',
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }],
      ClientMetadata: { source: 'web' },
    })
    expect(signUp.body).toMatchObject({
      UserConfirmed: false,
      CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    })
    // The pool's normal delivery is not used: the function alone sends the message.
    expect(app.sent).toEqual([])
    expect(events).toHaveLength(1)
    const { code, event } = await opened(events[0])
    expect(event).toEqual({
      version: '1',
      triggerSource: 'CustomEmailSender_SignUp',
      region: 'us-east-1',
      userPoolId: poolId,
      userName: 'ana',
      callerContext: { awsSdkVersion: 'aws-sdk-js-3.1169.0', clientId },
      request: {
        type: 'customEmailSenderRequestV1',
        code: '<encrypted>',
        userAttributes: {
          sub: signUp.body.UserSub,
          email: 'ana@example.com',
          email_verified: 'false',
          'cognito:user_status': 'UNCONFIRMED',
        },
        clientMetadata: { source: 'web' },
      },
      response: {},
    })
    expect(code).toMatch(/^\d{6}$/)
    const confirm = await call('ConfirmSignUp', {
      ClientId: clientId,
      Username: 'ana',
      ConfirmationCode: code,
    })
    expect(confirm.status).toBe(200)
    const user = await app.admin('AdminGetUser', { UserPoolId: poolId, Username: 'ana' })
    expect(user.UserStatus).toBe('CONFIRMED')
  })

  it('gets ResendCode, ForgotPassword, UpdateUserAttribute and VerifyUserAttribute codes that work', async () => {
    const { app, poolId, clientId, events, call, opened } = await poolWithSenders()
    await call('SignUp', {
      ClientId: clientId,
      Username: 'bo',
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'bo@example.com' }],
    })
    await call('ResendConfirmationCode', { ClientId: clientId, Username: 'bo' })
    const resent = await opened(events[1])
    expect(resent.event).toEqual({
      ...base(poolId, 'CustomEmailSender_ResendCode', 'bo', clientId),
      request: {
        type: 'customEmailSenderRequestV1',
        code: '<encrypted>',
        userAttributes: expect.objectContaining({ email: 'bo@example.com' }),
      },
      response: {},
    })
    expect(
      (
        await call('ConfirmSignUp', {
          ClientId: clientId,
          Username: 'bo',
          ConfirmationCode: resent.code,
        })
      ).status,
    ).toBe(200)

    await app.admin('AdminUpdateUserAttributes', {
      UserPoolId: poolId,
      Username: 'bo',
      UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
    })
    await call('ForgotPassword', { ClientId: clientId, Username: 'bo' })
    const reset = await opened(events[2])
    expect(reset.event.triggerSource).toBe('CustomEmailSender_ForgotPassword')
    expect(
      (
        await call('ConfirmForgotPassword', {
          ClientId: clientId,
          Username: 'bo',
          ConfirmationCode: reset.code,
          Password: 'Another-Horse-43',
        })
      ).status,
    ).toBe(200)

    await app.admin('AdminUpdateUserAttributes', {
      UserPoolId: poolId,
      Username: 'bo',
      UserAttributes: [{ Name: 'email', Value: 'bo@example.org' }],
    })
    const update = await opened(events[3])
    expect(update.event).toEqual({
      ...base(poolId, 'CustomEmailSender_UpdateUserAttribute', 'bo', 'CLIENT_ID_NOT_APPLICABLE'),
      request: {
        type: 'customEmailSenderRequestV1',
        code: '<encrypted>',
        userAttributes: expect.objectContaining({ email: expect.any(String) }),
      },
      response: {},
    })

    const auth = await app.admin('AdminInitiateAuth', {
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'bo', PASSWORD: 'Another-Horse-43' },
    })
    const AccessToken = (auth.AuthenticationResult as { AccessToken: string }).AccessToken
    await call('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' })
    const verify = await opened(events[4])
    expect(verify.event.triggerSource).toBe('CustomEmailSender_VerifyUserAttribute')
    expect(
      (
        await call('VerifyUserAttribute', {
          AccessToken,
          AttributeName: 'email',
          Code: verify.code,
        })
      ).status,
    ).toBe(200)
    expect(events).toHaveLength(5)
    expect(app.sent).toEqual([])
  })

  it('gets AdminCreateUser’s temporary password, HTML-escaped as Cognito sends it', async () => {
    const { app, poolId, events, opened } = await poolWithSenders()
    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'cy',
      TemporaryPassword: 'Temp<1>&Pass',
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [{ Name: 'email', Value: 'cy@example.com' }],
    })
    expect(app.sent).toEqual([])
    const { code, event } = await opened(events[0])
    expect(code).toBe('Temp&lt;1&gt;&amp;Pass')
    expect(event).toEqual({
      ...base(poolId, 'CustomEmailSender_AdminCreateUser', 'cy', 'CLIENT_ID_NOT_APPLICABLE'),
      request: {
        type: 'customEmailSenderRequestV1',
        code: '<encrypted>',
        userAttributes: expect.objectContaining({
          email: 'cy@example.com',
          'cognito:user_status': 'FORCE_CHANGE_PASSWORD',
        }),
      },
      response: {},
    })
  })

  it('answers before the function has finished, as Cognito invokes it asynchronously', async () => {
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const { app, clientId, events } = await poolWithSenders({ held })
    const signUp = await app.call(
      'SignUp',
      {
        ClientId: clientId,
        Username: 'ana',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }],
      },
      SDK_HEADERS,
    )
    expect(signUp.status).toBe(200)
    expect(events).toEqual([])
    release()
    await app.settled()
    expect(events.map((event) => event.triggerSource)).toEqual(['CustomEmailSender_SignUp'])
  })

  it('does not fail the call when the function fails, and nothing else sends the code', async () => {
    const { app, poolId, clientId, events, call } = await poolWithSenders({ fail: true })
    const signUp = await call('SignUp', {
      ClientId: clientId,
      Username: 'di',
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'di@example.com' }],
    })
    expect(signUp.status).toBe(200)
    expect(events).toHaveLength(1)
    expect(app.sent).toEqual([])
    const user = await app.admin('AdminGetUser', { UserPoolId: poolId, Username: 'di' })
    expect(user.UserStatus).toBe('UNCONFIRMED')
  })
  it('sends nothing, and logs why, when KMSKeyID is missing or names an alias', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    for (const KMSKeyID of [undefined, 'arn:aws:kms:us-east-1:123456789012:alias/codes']) {
      const { app, clientId, events, call } = await poolWithSenders({
        pool: {
          LambdaConfig: {
            CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: EMAIL_SENDER },
            ...(KMSKeyID ? { KMSKeyID } : {}),
          },
        },
      })
      const signUp = await call('SignUp', {
        ClientId: clientId,
        Username: 'gil',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'gil@example.com' }],
      })
      expect(signUp.status).toBe(200)
      expect(events).toEqual([])
      expect(app.sent).toEqual([])
      expect(String(logged.mock.lastCall)).toContain('KMSKeyID is not the ARN of a KMS key')
    }
    logged.mockRestore()
  })
})

describe('the custom SMS sender', () => {
  it('gets SMS codes and temporary passwords; email still goes the pool’s way without an email sender', async () => {
    const { app, poolId, clientId, events, call, opened } = await poolWithSenders({
      sms: true,
      email: false,
      pool: { AutoVerifiedAttributes: ['phone_number'] },
    })
    await call('SignUp', {
      ClientId: clientId,
      Username: 'eve',
      Password: PASSWORD,
      UserAttributes: [{ Name: 'phone_number', Value: '+15555550100' }],
    })
    const { code, event } = await opened(events[0])
    expect(event).toEqual({
      ...base(poolId, 'CustomSMSSender_SignUp', 'eve', clientId),
      request: {
        type: 'customSMSSenderRequestV1',
        code: '<encrypted>',
        userAttributes: expect.objectContaining({ phone_number: '+15555550100' }),
      },
      response: {},
    })
    expect(
      (await call('ConfirmSignUp', { ClientId: clientId, Username: 'eve', ConfirmationCode: code }))
        .status,
    ).toBe(200)

    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'fay',
      TemporaryPassword: 'Temp<1>&Pass',
      DesiredDeliveryMediums: ['SMS', 'EMAIL'],
      UserAttributes: [
        { Name: 'phone_number', Value: '+15555550101' },
        { Name: 'email', Value: 'fay@example.com' },
      ],
    })
    const invited = await opened(events[1])
    expect(invited.event.triggerSource).toBe('CustomSMSSender_AdminCreateUser')
    // Only the email sender escapes: an SMS is no HTML.
    expect(invited.code).toBe('Temp<1>&Pass')
    expect(events).toHaveLength(2)
    expect(app.sent.map((message) => [message.medium, message.purpose])).toEqual([
      ['EMAIL', 'ADMIN_CREATE_USER'],
    ])
  })
})

describe('the custom senders at sign-in', () => {
  it('get the SMS and email MFA codes as _Authentication, and the codes sign in', async () => {
    const { app, poolId, clientId, events, opened } = await poolWithSenders({
      sms: true,
      pool: { EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' } },
    })
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: {
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' },
      },
      EmailMfaConfiguration: { Message: 'Code {####}' },
    })
    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'mo',
      MessageAction: 'SUPPRESS',
      TemporaryPassword: PASSWORD,
      UserAttributes: [
        { Name: 'email', Value: 'mo@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'phone_number', Value: '+15555550177' },
      ],
    })
    await app.admin('AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: 'mo',
      Password: PASSWORD,
      Permanent: true,
    })
    for (const [settings, source] of [
      ['SMSMfaSettings', 'CustomSMSSender_Authentication'],
      ['EmailMfaSettings', 'CustomEmailSender_Authentication'],
    ] as const) {
      await app.admin('AdminSetUserMFAPreference', {
        UserPoolId: poolId,
        Username: 'mo',
        [settings]: { Enabled: true, PreferredMfa: true },
      })
      events.length = 0
      const challenge = await app.admin('AdminInitiateAuth', {
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'mo', PASSWORD },
      })
      expect(events.map((e) => e.triggerSource)).toEqual([source])
      const { code } = await opened(events[0])
      const name = challenge.ChallengeName as string
      const done = await app.admin('AdminRespondToAuthChallenge', {
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: name,
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'mo', [`${name}_CODE`]: code },
      })
      expect(done.AuthenticationResult).toBeDefined()
    }
    expect(app.sent.filter((m) => m.purpose === 'AUTHENTICATION')).toEqual([])
  })
})
