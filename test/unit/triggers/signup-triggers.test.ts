import { describe, expect, it } from 'vitest'
import { testApp } from '../support/app'
import { goldenEvent, type TestHandler, withPlaceholders } from '../support/functions'

const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`
const TRIGGERS = ['preSignUp', 'postConfirmation', 'customMessage'] as const
const SDK = {
  'x-amz-user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 api/cognito-identity-provider#3.1169.0',
}

/**
 * A pool whose PreSignUp, PostConfirmation and CustomMessage go to bound methods of the same names,
 * each answering with `handlers[name]` (or the event as sent). `config` adds to CreateUserPool.
 */
async function poolWithTriggers(
  handlers: Partial<Record<(typeof TRIGGERS)[number], TestHandler>> = {},
  config: Record<string, unknown> = {},
) {
  // biome-ignore lint/suspicious/noExplicitAny: the events are compared with golden JSON
  const events: any[] = []
  const app = testApp(
    {
      TRIGGER_TARGETS: JSON.stringify(
        Object.fromEntries(
          TRIGGERS.map((name) => [arn(name), { service: 'TRIGGERS', method: name }]),
        ),
      ),
    },
    {
      TRIGGERS: Object.fromEntries(
        TRIGGERS.map((name) => [
          name,
          async (event: unknown) => {
            events.push(structuredClone(event))
            return (handlers[name] ?? ((e: unknown) => e))(event)
          },
        ]),
      ),
    },
  )
  const { UserPool } = (await app.admin('CreateUserPool', {
    PoolName: 'signup-triggers',
    AutoVerifiedAttributes: ['email'],
    EmailConfiguration: {
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/example.com',
    },
    LambdaConfig: {
      PreSignUp: arn('preSignUp'),
      PostConfirmation: arn('postConfirmation'),
      CustomMessage: arn('customMessage'),
    },
    ...config,
  })) as { UserPool: { Id: string } }
  const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: 'app',
  })) as { UserPoolClient: { ClientId: string } }
  const poolId = UserPool.Id
  const clientId = UserPoolClient.ClientId
  const call = async (operation: string, body: object) => {
    const response = await app.call(operation, { ClientId: clientId, ...body }, SDK)
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  const signUp = (Username: string, extra: object = {}) =>
    call('SignUp', {
      Username,
      Password: 'Correct-Horse-42',
      UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }],
      ...extra,
    })
  const user = (Username: string) => app.admin('AdminGetUser', { UserPoolId: poolId, Username })
  const sub = async (Username: string) =>
    ((await user(Username)).UserAttributes as Array<{ Name: string; Value: string }>).find(
      (a) => a.Name === 'sub',
    )?.Value ?? ''
  const of = (source: string) => events.filter((e) => e.triggerSource === source)
  /** An event as the golden files write it. */
  const golden = async (event: unknown, username: string, awsSdkVersion = 'aws-sdk-js-3.1169.0') =>
    withPlaceholders(event, {
      '<userPoolId>': poolId,
      '<clientId>': clientId,
      '<sub>': await sub(username),
      '<awsSdkVersion>': awsSdkVersion,
    })
  return { app, poolId, clientId, events, call, signUp, user, of, golden }
}

const lastCode = (app: ReturnType<typeof testApp>) => app.sent.at(-1)?.code ?? ''

describe('PreSignUp_AdminCreateUser', () => {
  it('is sent the attributes, ValidationData and ClientMetadata; its answer is ignored', async () => {
    const t = await poolWithTriggers({
      preSignUp: (event) => ({
        ...event,
        response: { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: true },
      }),
    })
    await t.app.admin('AdminCreateUser', {
      UserPoolId: t.poolId,
      Username: 'ana',
      UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }],
      ValidationData: [{ Name: 'invite', Value: 'x1' }],
      ClientMetadata: { source: 'admin' },
      MessageAction: 'SUPPRESS',
    })
    expect(
      await t.golden(t.of('PreSignUp_AdminCreateUser')[0], 'ana', 'aws-sdk-unknown-unknown'),
    ).toEqual(goldenEvent('PreSignUp_AdminCreateUser'))
    const user = await t.user('ana')
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD')
    expect(user.UserAttributes).not.toContainEqual({ Name: 'email_verified', Value: 'true' })
  })

  it('refuses with the function’s message, and leaves no user and sends nothing', async () => {
    const t = await poolWithTriggers({
      preSignUp: () => {
        throw new Error('Invitations are closed')
      },
    })
    await expect(
      t.app.admin('AdminCreateUser', {
        UserPoolId: t.poolId,
        Username: 'bo',
        UserAttributes: [{ Name: 'email', Value: 'bo@example.com' }],
      }),
    ).rejects.toThrow(
      '{"__type":"UserLambdaValidationException","message":"PreSignUp failed with error Invitations are closed."}',
    )
    await expect(t.user('bo')).rejects.toThrow(/UserNotFoundException/)
    expect(t.app.sent).toEqual([])
  })
})

describe('PreSignUp_SignUp auto-verification', () => {
  it('refuses autoVerifyPhone for a user without a phone number, leaving no user', async () => {
    const t = await poolWithTriggers({
      preSignUp: (event) => ({
        ...event,
        response: { autoConfirmUser: true, autoVerifyPhone: true },
      }),
    })
    const answer = await t.signUp('cy')
    expect(answer.status).toBe(400)
    expect(answer.body.__type).toBe('InvalidLambdaResponseException')
    await expect(t.user('cy')).rejects.toThrow(/UserNotFoundException/)
  })

  it('verifies the email without confirming: the user still gets a confirmation code', async () => {
    const t = await poolWithTriggers({
      preSignUp: (event) => ({ ...event, response: { autoVerifyEmail: true } }),
    })
    expect((await t.signUp('di')).body).toMatchObject({ UserConfirmed: false })
    const user = await t.user('di')
    expect(user.UserStatus).toBe('UNCONFIRMED')
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
    expect(t.app.sent.map((m) => m.purpose)).toEqual(['SIGN_UP'])
  })
})

describe('PostConfirmation', () => {
  it('PostConfirmation_ConfirmSignUp follows ConfirmSignUp with the confirmed user', async () => {
    const t = await poolWithTriggers()
    await t.signUp('ana')
    const answer = await t.call('ConfirmSignUp', {
      Username: 'ana',
      ConfirmationCode: lastCode(t.app),
      ClientMetadata: { source: 'web' },
    })
    expect(answer.status).toBe(200)
    expect(await t.golden(t.of('PostConfirmation_ConfirmSignUp')[0], 'ana')).toEqual(
      goldenEvent('PostConfirmation_ConfirmSignUp'),
    )
  })

  it('a failing function is the client’s error, but the user stays confirmed', async () => {
    const t = await poolWithTriggers({
      postConfirmation: () => {
        throw new Error('CRM is down')
      },
    })
    await t.signUp('bo')
    const answer = await t.call('ConfirmSignUp', {
      Username: 'bo',
      ConfirmationCode: lastCode(t.app),
    })
    expect(answer).toEqual({
      status: 400,
      body: {
        __type: 'UserLambdaValidationException',
        message: 'PostConfirmation failed with error CRM is down.',
      },
    })
    expect((await t.user('bo')).UserStatus).toBe('CONFIRMED')
  })

  it('fires on AdminConfirmSignUp (no app client) and on a sign-up the function auto-confirmed', async () => {
    const t = await poolWithTriggers({
      preSignUp: (event) => ({
        ...event,
        response: { autoConfirmUser: event.userName === 'auto' },
      }),
    })
    await t.signUp('auto', { ClientMetadata: { source: 'web' } })
    await t.signUp('manual')
    await t.app.admin('AdminConfirmSignUp', {
      UserPoolId: t.poolId,
      Username: 'manual',
      ClientMetadata: { source: 'admin' },
    })
    const fired = t.of('PostConfirmation_ConfirmSignUp')
    expect(
      fired.map((e) => [e.userName, e.callerContext.clientId, e.request.clientMetadata]),
    ).toEqual([
      ['auto', t.clientId, { source: 'web' }],
      ['manual', 'CLIENT_ID_NOT_APPLICABLE', { source: 'admin' }],
    ])
    expect(fired.map((e) => e.request.userAttributes['cognito:user_status'])).toEqual([
      'CONFIRMED',
      'CONFIRMED',
    ])
  })

  it('PostConfirmation_ConfirmForgotPassword follows ConfirmForgotPassword', async () => {
    const t = await poolWithTriggers({
      preSignUp: (event) => ({
        ...event,
        response: { autoConfirmUser: true, autoVerifyEmail: true },
      }),
    })
    await t.signUp('ana')
    await t.call('ForgotPassword', { Username: 'ana' })
    const answer = await t.call('ConfirmForgotPassword', {
      Username: 'ana',
      ConfirmationCode: lastCode(t.app),
      Password: 'Another-Horse-43',
      ClientMetadata: { source: 'web' },
    })
    expect(answer.status).toBe(200)
    expect(await t.golden(t.of('PostConfirmation_ConfirmForgotPassword')[0], 'ana')).toEqual(
      goldenEvent('PostConfirmation_ConfirmForgotPassword'),
    )
  })
})

describe('CustomMessage', () => {
  const rewrite: TestHandler = (event) => ({
    ...event,
    response: {
      smsMessage: `SMS ${event.request.codeParameter}`,
      emailMessage: `<p>${event.triggerSource}: ${event.request.usernameParameter ?? ''} ${event.request.codeParameter}</p>`,
      emailSubject: `Subject for ${event.triggerSource}`,
    },
  })

  it('CustomMessage_SignUp: the function’s text and subject, with the code filled in', async () => {
    const t = await poolWithTriggers({ customMessage: rewrite })
    await t.signUp('ana', { ClientMetadata: { source: 'web' } })
    const [message] = t.app.sent
    expect(message).toMatchObject({
      subject: 'Subject for CustomMessage_SignUp',
      body: `<p>CustomMessage_SignUp:  ${message?.code}</p>`,
    })
    expect(await t.golden(t.of('CustomMessage_SignUp')[0], 'ana')).toEqual(
      goldenEvent('CustomMessage_SignUp'),
    )
  })

  it('CustomMessage_Authentication: an email MFA code in the function’s words', async () => {
    const t = await poolWithTriggers({ customMessage: rewrite })
    await t.app.admin('SetUserPoolMfaConfig', {
      UserPoolId: t.poolId,
      MfaConfiguration: 'OPTIONAL',
      EmailMfaConfiguration: { Message: 'Pool text {####}', Subject: 'Pool subject' },
    })
    const { UserPoolClient } = (await t.app.admin('CreateUserPoolClient', {
      UserPoolId: t.poolId,
      ClientName: 'password',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
    })) as { UserPoolClient: { ClientId: string } }
    await t.app.admin('AdminCreateUser', {
      UserPoolId: t.poolId,
      Username: 'ana',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'ana@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
    })
    await t.app.admin('AdminSetUserPassword', {
      UserPoolId: t.poolId,
      Username: 'ana',
      Password: 'Correct-Horse-42',
      Permanent: true,
    })
    await t.app.admin('AdminSetUserMFAPreference', {
      UserPoolId: t.poolId,
      Username: 'ana',
      EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    })
    const response = await t.app.call(
      'InitiateAuth',
      {
        ClientId: UserPoolClient.ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ana', PASSWORD: 'Correct-Horse-42' },
        ClientMetadata: { source: 'web' },
      },
      SDK,
    )
    expect(((await response.json()) as { ChallengeName: string }).ChallengeName).toBe('EMAIL_OTP')
    expect(t.app.sent.at(-1)).toMatchObject({
      purpose: 'AUTHENTICATION',
      subject: 'Subject for CustomMessage_Authentication',
      body: `<p>CustomMessage_Authentication:  ${lastCode(t.app)}</p>`,
    })
    // InitiateAuth's ClientMetadata reaches only PreAuthentication and UserMigration, as in Cognito.
    const [event] = t.of('CustomMessage_Authentication')
    expect(event.request.clientMetadata).toBeUndefined()
    expect(event).toMatchObject({
      triggerSource: 'CustomMessage_Authentication',
      userName: 'ana',
      callerContext: { clientId: UserPoolClient.ClientId },
      request: {
        codeParameter: '{####}',
        usernameParameter: null,
        userAttributes: { email: 'ana@example.com', email_verified: 'true' },
      },
    })
  })

  it('CustomMessage_ResendCode and CustomMessage_ForgotPassword', async () => {
    const t = await poolWithTriggers({ customMessage: rewrite })
    await t.signUp('ana')
    await t.call('ResendConfirmationCode', { Username: 'ana', ClientMetadata: { source: 'web' } })
    expect(t.app.sent.at(-1)?.body).toBe(`<p>CustomMessage_ResendCode:  ${lastCode(t.app)}</p>`)
    expect(await t.golden(t.of('CustomMessage_ResendCode')[0], 'ana')).toEqual(
      goldenEvent('CustomMessage_ResendCode'),
    )
    await t.call('ConfirmSignUp', { Username: 'ana', ConfirmationCode: lastCode(t.app) })
    await t.call('ForgotPassword', { Username: 'ana', ClientMetadata: { source: 'web' } })
    expect(t.app.sent.at(-1)?.body).toBe(`<p>CustomMessage_ForgotPassword:  ${lastCode(t.app)}</p>`)
    expect(await t.golden(t.of('CustomMessage_ForgotPassword')[0], 'ana')).toEqual(
      goldenEvent('CustomMessage_ForgotPassword'),
    )
  })

  it('CustomMessage_AdminCreateUser: {username} and {####} are filled in', async () => {
    const t = await poolWithTriggers({ customMessage: rewrite })
    await t.app.admin('AdminCreateUser', {
      UserPoolId: t.poolId,
      Username: 'ana',
      UserAttributes: [
        { Name: 'email', Value: 'ana@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
      ClientMetadata: { source: 'admin' },
    })
    const [message] = t.app.sent
    expect(message?.body).toBe(`<p>CustomMessage_AdminCreateUser: ana ${message?.code}</p>`)
    expect(
      await t.golden(t.of('CustomMessage_AdminCreateUser')[0], 'ana', 'aws-sdk-unknown-unknown'),
    ).toEqual(goldenEvent('CustomMessage_AdminCreateUser'))
  })

  it('CustomMessage_UpdateUserAttribute and CustomMessage_VerifyUserAttribute', async () => {
    const t = await poolWithTriggers({
      preSignUp: (event) => ({
        ...event,
        response: { autoConfirmUser: true, autoVerifyEmail: true },
      }),
      customMessage: rewrite,
    })
    await t.signUp('ana')
    await t.app.admin('AdminUpdateUserAttributes', {
      UserPoolId: t.poolId,
      Username: 'ana',
      UserAttributes: [{ Name: 'email', Value: 'ana@example.org' }],
      ClientMetadata: { source: 'admin' },
    })
    expect(t.app.sent.at(-1)?.body).toBe(
      `<p>CustomMessage_UpdateUserAttribute:  ${lastCode(t.app)}</p>`,
    )
    expect(
      await t.golden(
        t.of('CustomMessage_UpdateUserAttribute')[0],
        'ana',
        'aws-sdk-unknown-unknown',
      ),
    ).toEqual(goldenEvent('CustomMessage_UpdateUserAttribute'))
    const { UserPoolClient } = (await t.app.admin('CreateUserPoolClient', {
      UserPoolId: t.poolId,
      ClientName: 'admin-auth',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })) as { UserPoolClient: { ClientId: string } }
    const auth = await t.app.admin('AdminInitiateAuth', {
      UserPoolId: t.poolId,
      ClientId: UserPoolClient.ClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ana', PASSWORD: 'Correct-Horse-42' },
    })
    const AccessToken = (auth.AuthenticationResult as { AccessToken: string }).AccessToken
    await t.call('GetUserAttributeVerificationCode', {
      AccessToken,
      AttributeName: 'email',
      ClientMetadata: { source: 'web' },
    })
    expect(t.app.sent.at(-1)?.body).toBe(
      `<p>CustomMessage_VerifyUserAttribute:  ${lastCode(t.app)}</p>`,
    )
    // The event names the client the access token was issued to.
    const verify = t.of('CustomMessage_VerifyUserAttribute')[0]
    expect(
      withPlaceholders(verify, {
        '<userPoolId>': t.poolId,
        '<clientId>': UserPoolClient.ClientId,
        '<sub>': verify.request.userAttributes.sub,
        '<awsSdkVersion>': 'aws-sdk-js-3.1169.0',
      }),
    ).toEqual(goldenEvent('CustomMessage_VerifyUserAttribute'))
  })

  it('a failing function on ResendConfirmationCode leaves the code already sent working', async () => {
    const t = await poolWithTriggers({
      customMessage: (event) => {
        if (event.triggerSource === 'CustomMessage_ResendCode') throw new Error('Templates offline')
        return event
      },
    })
    await t.signUp('ana')
    const first = lastCode(t.app)
    const resend = await t.call('ResendConfirmationCode', { Username: 'ana' })
    expect(resend.body).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'CustomMessage failed with error Templates offline.',
    })
    expect(t.app.sent).toHaveLength(1)
    const confirm = await t.call('ConfirmSignUp', { Username: 'ana', ConfirmationCode: first })
    expect(confirm.status).toBe(200)
  })

  it('a text without the code placeholder is not used: the pool’s own message is sent', async () => {
    const t = await poolWithTriggers({
      customMessage: (event) => ({ ...event, response: { emailMessage: 'No code here' } }),
    })
    await t.signUp('ana')
    expect(t.app.sent[0]?.body).toBe(`Your verification code is ${lastCode(t.app)}.`)
  })

  it('an email text of 20,000 characters with its code is sent; one more is refused', async () => {
    // A text that is `length` characters once its 6-digit code fills {####}, as the guide counts.
    const text = (length: number) => `${'é'.repeat(length - 6)}{####}`
    const fits = await poolWithTriggers({
      customMessage: (event) => ({ ...event, response: { emailMessage: text(20_000) } }),
    })
    expect((await fits.signUp('ana')).status).toBe(200)
    expect([...(fits.app.sent[0]?.body ?? '')]).toHaveLength(20_000)
    const long = await poolWithTriggers({
      customMessage: (event) => ({ ...event, response: { emailMessage: text(20_001) } }),
    })
    const answer = await long.signUp('bo')
    expect(answer.body).toEqual({
      __type: 'InvalidLambdaResponseException',
      message: 'Invalid lambda response: the emailMessage is longer than 20000 characters.',
    })
    await expect(long.user('bo')).rejects.toThrow(/UserNotFoundException/)
    expect(long.app.sent).toEqual([])
  })

  it('an invitation counts {username} as the name it shows: the email, not the sub', async () => {
    let text = '{username} {####}'
    const t = await poolWithTriggers(
      { customMessage: (event) => ({ ...event, response: { emailMessage: text } }) },
      { UsernameAttributes: ['email'] },
    )
    const invite = (email: string) =>
      t.app.admin('AdminCreateUser', {
        UserPoolId: t.poolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      })
    await invite('ana@example.com')
    const passwordLength = t.app.sent[0]?.code?.length ?? 0
    // 20,000 characters as sent with bo's email; counted with the 36-character sub, 22 more.
    const email = 'bo@example.com'
    text = `${'é'.repeat(20_000 - email.length - passwordLength)}{username}{####}`
    await invite(email)
    expect([...(t.app.sent[1]?.body ?? '')]).toHaveLength(20_000)
  })

  it('an SMS text over 140 characters with its code is refused, and no user is left', async () => {
    const sms =
      (length: number): TestHandler =>
      (event) => ({
        ...event,
        response: { smsMessage: `${'x'.repeat(length - 6)}{####}` },
      })
    const phoneUser = { UserAttributes: [{ Name: 'phone_number', Value: '+15550100' }] }
    const phonePool = { AutoVerifiedAttributes: ['phone_number'] }
    const fits = await poolWithTriggers({ customMessage: sms(140) }, phonePool)
    expect((await fits.signUp('ana', phoneUser)).status).toBe(200)
    expect(fits.app.sent[0]?.body).toHaveLength(140)
    const long = await poolWithTriggers({ customMessage: sms(141) }, phonePool)
    const answer = await long.signUp('bo', phoneUser)
    expect(answer.body.__type).toBe('InvalidLambdaResponseException')
    await expect(long.user('bo')).rejects.toThrow(/UserNotFoundException/)
    expect(long.app.sent).toEqual([])
  })

  it('an email text where EmailSendingAccount is not DEVELOPER is refused, and no user is left', async () => {
    const t = await poolWithTriggers({ customMessage: rewrite }, { EmailConfiguration: {} })
    const answer = await t.signUp('bo')
    expect(answer.status).toBe(400)
    expect(answer.body.__type).toBe('InvalidLambdaResponseException')
    await expect(t.user('bo')).rejects.toThrow(/UserNotFoundException/)
    expect(t.app.sent).toEqual([])
  })
})
