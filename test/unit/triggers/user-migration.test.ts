import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CookieJar, hostedLoginUrl, postLoginForm } from '../../support/cookie-jar'
import { AUTH, testApp } from '../support/app'
import { type TestHandler, withPlaceholders } from '../support/functions'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:user-migration'
const PASSWORD = 'Legacy-pass-1'
const UA = {
  'x-amz-user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 api/cognito-identity-provider#3.1169.0',
}

const golden = (source: string): unknown =>
  JSON.parse(readFileSync(new URL(`./golden/${source}.json`, import.meta.url), 'utf8'))

/** The legacy directory the test functions check against. */
const LEGACY: Record<string, { password: string; email: string }> = {
  ana: { password: PASSWORD, email: 'ana@example.com' },
}

/** The guide's example function: a user the legacy directory knows, with the password it knows. */
const legacyFunction =
  (response: object = { finalUserStatus: 'CONFIRMED', messageAction: 'SUPPRESS' }): TestHandler =>
  (event) => {
    const known = LEGACY[event.userName]
    if (!known) return event
    if (
      event.triggerSource === 'UserMigration_Authentication' &&
      known.password !== event.request.password
    )
      return event
    return {
      ...event,
      response: {
        ...event.response,
        userAttributes: { email: known.email, email_verified: 'true' },
        ...response,
      },
    }
  }

/** A Worker whose pool sends UserMigration to a bound entrypoint's `userMigration` method. */
async function poolWithMigration(handler: TestHandler, pool: object = {}, client: object = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: the events are compared with golden files
  const events: any[] = []
  const app = testApp(
    {
      TRIGGER_TARGETS: JSON.stringify({ [ARN]: { service: 'TRIGGERS', method: 'userMigration' } }),
    },
    {
      TRIGGERS: {
        userMigration: async (event: unknown) => {
          events.push(structuredClone(event))
          return handler(event)
        },
      },
    },
  )
  const { UserPool } = (await app.admin('CreateUserPool', {
    PoolName: 'migration',
    LambdaConfig: { UserMigration: ARN },
    ...pool,
  })) as { UserPool: { Id: string } }
  const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: 'app',
    ExplicitAuthFlows: [
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ],
    ...client,
  })) as { UserPoolClient: { ClientId: string } }
  const clientId = UserPoolClient.ClientId
  const signIn = async (USERNAME: string, PASSWORD_: string, extra: object = {}) => {
    const response = await app.call(
      'InitiateAuth',
      {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME, PASSWORD: PASSWORD_ },
        ...extra,
      },
      UA,
    )
    // biome-ignore lint/suspicious/noExplicitAny: read member by member
    return { status: response.status, body: (await response.json()) as any }
  }
  const getUser = (Username: string) =>
    app.admin('AdminGetUser', { UserPoolId: UserPool.Id, Username })
  return { app, poolId: UserPool.Id, clientId, events, signIn, getUser }
}

describe('UserMigration_Authentication', () => {
  it('is sent Cognito’s event; the user is created as answered and signed in, then signs in without it', async () => {
    const { app, poolId, clientId, events, signIn, getUser } = await poolWithMigration(
      legacyFunction(),
    )
    const first = await signIn('ana', PASSWORD, { ClientMetadata: { legacy: 'https://old' } })
    expect(first.status).toBe(200)
    expect(first.body.AuthenticationResult.AccessToken).toBeTypeOf('string')
    expect(events).toHaveLength(1)
    expect(withPlaceholders(events[0], { '<userPoolId>': poolId, '<clientId>': clientId })).toEqual(
      golden('UserMigration_Authentication'),
    )
    const user = await getUser('ana')
    expect(user.UserStatus).toBe('CONFIRMED')
    expect(user.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'ana@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ]),
    )
    // SUPPRESS: no message.
    expect(app.sent).toEqual([])
    // The password was stored like any other: the function is not asked again.
    expect((await signIn('ana', PASSWORD)).status).toBe(200)
    expect((await signIn('ana', 'Wrong-pass-1')).body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
    expect(events).toHaveLength(1)
  })

  it('answers an unknown name as Cognito does, with existence hidden or not, and creates nobody', async () => {
    for (const hidden of [true, false]) {
      const { events, signIn, getUser } = await poolWithMigration(
        legacyFunction(),
        {},
        hidden ? { PreventUserExistenceErrors: 'ENABLED' } : {},
      )
      const unknown = await signIn('zed', PASSWORD)
      const wrong = await signIn('ana', 'Wrong-pass-1')
      expect(events).toHaveLength(2)
      expect(unknown.status).toBe(400)
      expect(unknown.body).toEqual(
        hidden
          ? { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }
          : { __type: 'UserNotFoundException', message: 'User does not exist.' },
      )
      // A name the legacy directory knows, with the wrong password, reads exactly the same.
      expect(wrong.body).toEqual(unknown.body)
      await expect(getUser('zed')).rejects.toThrow(/UserNotFoundException/)
      await expect(getUser('ana')).rejects.toThrow(/UserNotFoundException/)
    }
  })

  it('locks out a name whose password the function keeps refusing, and stops asking it', async () => {
    const { events, signIn } = await poolWithMigration(legacyFunction())
    const answers = []
    for (let i = 0; i < 6; i++) answers.push((await signIn('ana', `Wrong-${i}-pass`)).body.message)
    expect(answers).toEqual([
      ...Array(5).fill('User does not exist.'),
      'Password attempts exceeded',
    ])
    expect(events).toHaveLength(5)
  })

  it("refuses with the function's message and leaves no user behind", async () => {
    const { signIn, getUser } = await poolWithMigration(() => {
      throw new Error('Legacy directory is down')
    })
    expect((await signIn('ana', PASSWORD)).body).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'UserMigration failed with error Legacy directory is down.',
    })
    await expect(getUser('ana')).rejects.toThrow(/UserNotFoundException/)
  })

  it('makes a user RESET_REQUIRED unless the answer says CONFIRMED, until the password is reset', async () => {
    const { signIn, getUser } = await poolWithMigration(legacyFunction({}))
    expect((await signIn('ana', PASSWORD)).body).toEqual({
      __type: 'PasswordResetRequiredException',
      message: 'Password reset required for the user',
    })
    expect((await getUser('ana')).UserStatus).toBe('RESET_REQUIRED')
    expect((await signIn('ana', PASSWORD)).body.__type).toBe('PasswordResetRequiredException')
    expect((await signIn('ana', 'Wrong-pass-1')).body.__type).toBe('NotAuthorizedException')
  })

  it('refuses an answer whose attributes the schema does not have, or whose members are wrong', async () => {
    const answers: object[] = [
      { finalUserStatus: 'CONFIRMED', userAttributes: { shoe_size: '9' } },
      { finalUserStatus: 'CONFIRMED', userAttributes: { email: 'not-an-email' } },
      { finalUserStatus: 'UNCONFIRMED' },
      { finalUserStatus: 'CONFIRMED', messageAction: 'SHOUT' },
      { finalUserStatus: 'CONFIRMED', desiredDeliveryMediums: ['PIGEON'] },
      { finalUserStatus: 'CONFIRMED', userAttributes: { email: 'a@example.com', username: 'bob' } },
      { finalUserStatus: 'CONFIRMED', enableSMSMFA: true },
    ]
    for (const answer of answers) {
      const { signIn, getUser } = await poolWithMigration(legacyFunction(answer))
      const { status, body } = await signIn('ana', PASSWORD)
      expect({ answer, status, type: body.__type }).toEqual({
        answer,
        status: 400,
        type: 'InvalidLambdaResponseException',
      })
      await expect(getUser('ana')).rejects.toThrow(/UserNotFoundException/)
    }
  })

  it('turns SMS MFA on for the migrated user when the answer says enableSMSMFA', async () => {
    const { app, poolId, signIn, getUser } = await poolWithMigration(
      legacyFunction({
        finalUserStatus: 'CONFIRMED',
        messageAction: 'SUPPRESS',
        enableSMSMFA: true,
        userAttributes: { email: 'ana@example.com', phone_number: '+15555550142' },
      }),
    )
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: {
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms' },
      },
    })
    const { body } = await signIn('ana', PASSWORD)
    expect(body.ChallengeName).toBe('SMS_MFA')
    expect(body.ChallengeParameters.CODE_DELIVERY_DESTINATION).toBe('+*******0142')
    expect(app.sent.at(-1)).toMatchObject({ purpose: 'AUTHENTICATION', medium: 'SMS' })
    expect(await getUser('ana')).toMatchObject({
      MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
      UserMFASettingList: ['SMS_MFA'],
    })
  })

  it('requires the pool’s required attributes', async () => {
    const { signIn } = await poolWithMigration(legacyFunction(), {
      Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }],
    })
    expect((await signIn('ana', PASSWORD)).body).toMatchObject({
      __type: 'InvalidLambdaResponseException',
      message: expect.stringContaining('name: The attribute name is required'),
    })
  })

  it('takes a username from the answer when the name signed in with is an alias', async () => {
    const { events, signIn, getUser } = await poolWithMigration(
      (event) => ({
        ...event,
        response: {
          ...event.response,
          userAttributes: { username: 'ana', email: event.userName, email_verified: 'true' },
          finalUserStatus: 'CONFIRMED',
        },
      }),
      { AliasAttributes: ['email'] },
    )
    expect((await signIn('Ana@Example.com', PASSWORD)).status).toBe(200)
    expect(events[0].userName).toBe('Ana@Example.com')
    expect((await getUser('ana')).UserAttributes).toContainEqual({
      Name: 'email',
      Value: 'Ana@Example.com',
    })
    expect((await signIn('ana@example.com', PASSWORD)).status).toBe(200)
    expect((await signIn('ana', PASSWORD)).status).toBe(200)
    expect(events).toHaveLength(1)
  })

  it('refuses an email-shaped username where email is an alias, as AdminCreateUser does', async () => {
    const { signIn } = await poolWithMigration(legacyFunction(), { AliasAttributes: ['email'] })
    LEGACY['bo@example.com'] = { password: PASSWORD, email: 'bo@example.com' }
    expect((await signIn('bo@example.com', PASSWORD)).body).toEqual({
      __type: 'InvalidLambdaResponseException',
      message:
        'Invalid lambda response: Username cannot be of email format, since user pool is configured for email alias.',
    })
  })

  it('in a pool whose usernames are emails, is sent the email typed and stores the user under a sub', async () => {
    LEGACY['cy@example.com'] = { password: PASSWORD, email: 'cy@example.com' }
    const { events, signIn, getUser } = await poolWithMigration(legacyFunction(), {
      UsernameAttributes: ['email'],
    })
    expect((await signIn('cy@example.com', PASSWORD)).status).toBe(200)
    expect(events[0].userName).toBe('cy@example.com')
    const user = await getUser('cy@example.com')
    expect(user.Username).toMatch(/^[0-9a-f-]{36}$/)
    expect((await signIn('cy@example.com', PASSWORD)).status).toBe(200)
    expect(events).toHaveLength(1)

    // An answer naming another email than the one typed would make a user who cannot sign in.
    const other = await poolWithMigration(
      legacyFunction({
        finalUserStatus: 'CONFIRMED',
        userAttributes: { email: 'dee@example.com' },
      }),
      {
        UsernameAttributes: ['email'],
      },
    )
    expect((await other.signIn('cy@example.com', PASSWORD)).body.__type).toBe(
      'InvalidLambdaResponseException',
    )
  })

  it('refuses an alias another user holds unless forceAliasCreation moves it', async () => {
    for (const force of [false, true]) {
      const { app, poolId, signIn, getUser } = await poolWithMigration(
        legacyFunction({ finalUserStatus: 'CONFIRMED', forceAliasCreation: force }),
        { AliasAttributes: ['email'] },
      )
      await app.admin('AdminCreateUser', {
        UserPoolId: poolId,
        Username: 'holder',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'ana@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      })
      const { body } = await signIn('ana', PASSWORD)
      if (!force) {
        expect(body.__type).toBe('AliasExistsException')
        await expect(getUser('ana')).rejects.toThrow(/UserNotFoundException/)
      } else {
        expect(body.AuthenticationResult).toBeDefined()
        expect((await getUser('ana@example.com')).Username).toBe('ana')
      }
    }
  })

  it('asks the function once for a burst of sign-ins for the same new user', async () => {
    const { events, signIn } = await poolWithMigration(async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      return legacyFunction()(event)
    })
    const passwords = [PASSWORD, PASSWORD, 'Wrong-pass-1', PASSWORD, PASSWORD, 'Wrong-pass-2']
    const answers = await Promise.all(passwords.map((p) => signIn('ana', p)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 200, 200, 400])
    expect(answers[2]!.body.message).toBe('Incorrect username or password.')
    expect(events).toHaveLength(1)
  })

  it('signs in against the user another sign-in created first, checking the password against it', async () => {
    for (const [stored, expected] of [
      [PASSWORD, 200],
      ['Another-pass-1', 400],
    ] as const) {
      // The user appears while the function runs, as when another isolate's sign-in wins the race.
      let app: ReturnType<typeof testApp> | undefined
      let poolId = ''
      const fixture = await poolWithMigration(async (event) => {
        await app!.admin('AdminCreateUser', {
          UserPoolId: poolId,
          Username: 'ana',
          MessageAction: 'SUPPRESS',
        })
        await app!.admin('AdminSetUserPassword', {
          UserPoolId: poolId,
          Username: 'ana',
          Password: stored,
          Permanent: true,
        })
        return legacyFunction()(event)
      })
      app = fixture.app
      poolId = fixture.poolId
      const { status } = await fixture.signIn('ana', PASSWORD)
      expect(status).toBe(expected)
      expect((await fixture.getUser('ana')).UserAttributes).not.toContainEqual({
        Name: 'email',
        Value: 'ana@example.com',
      })
    }
  })

  it('migrates on ADMIN_USER_PASSWORD_AUTH too, with the ClientMetadata as validationData', async () => {
    const { app, poolId, clientId, events } = await poolWithMigration(legacyFunction())
    await app.admin('UpdateUserPoolClient', {
      UserPoolId: poolId,
      ClientId: clientId,
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
    const answer = await app.admin('AdminInitiateAuth', {
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ana', PASSWORD },
      ClientMetadata: { via: 'admin' },
    })
    expect(answer.AuthenticationResult).toBeDefined()
    expect(events[0]).toMatchObject({
      callerContext: { clientId },
      request: { password: PASSWORD, validationData: { via: 'admin' } },
    })
    expect(events[0].request.clientMetadata).toBeUndefined()
  })

  it('is not asked on USER_SRP_AUTH, which never carries the password', async () => {
    const { app, clientId, events } = await poolWithMigration(legacyFunction())
    const response = await app.call('InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'ana', SRP_A: 'ab'.repeat(192) },
    })
    expect(((await response.json()) as { __type: string }).__type).toBe('UserNotFoundException')
    expect(events).toEqual([])
  })

  it('leaves a pool without the trigger as it was', async () => {
    const app = testApp()
    const { UserPool } = (await app.admin('CreateUserPool', { PoolName: 'plain' })) as {
      UserPool: { Id: string }
    }
    const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
      UserPoolId: UserPool.Id,
      ClientName: 'c',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })) as { UserPoolClient: { ClientId: string } }
    const response = await app.call('InitiateAuth', {
      ClientId: UserPoolClient.ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ana', PASSWORD },
    })
    expect(await response.json()).toEqual({
      __type: 'UserNotFoundException',
      message: 'User does not exist.',
    })
  })
})

describe('UserMigration on the hosted UI', () => {
  it('migrates on the sign-in form, which the authorization code then completes', async () => {
    const redirect = 'https://rp.example/cb'
    const { app, poolId, events } = await poolWithMigration(legacyFunction())
    const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'rp',
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: [redirect],
      SupportedIdentityProviders: ['COGNITO'],
    })) as { UserPoolClient: { ClientId: string } }
    const jar = new CookieJar(app.fetch)
    const login = await hostedLoginUrl(jar, AUTH, {
      client_id: UserPoolClient.ClientId,
      response_type: 'code',
      redirect_uri: redirect,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })
    expect(login.pathname).toBe('/login')
    const answer = await postLoginForm(jar, login.toString(), 'ana', PASSWORD)
    expect(answer.status).toBe(303)
    expect(new URL(answer.headers.get('location')!).searchParams.get('code')).toBeTruthy()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      triggerSource: 'UserMigration_Authentication',
      userName: 'ana',
      callerContext: { clientId: UserPoolClient.ClientId },
      request: { password: PASSWORD },
    })
  })
  it('migrates on the reset form, which then sends the code', async () => {
    const redirect = 'https://rp.example/cb'
    const { app, poolId, events, getUser } = await poolWithMigration(legacyFunction())
    const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'rp',
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: [redirect],
      SupportedIdentityProviders: ['COGNITO'],
    })) as { UserPoolClient: { ClientId: string } }
    const jar = new CookieJar(app.fetch)
    const formUrl = `${AUTH}/forgotPassword?${new URLSearchParams({
      client_id: UserPoolClient.ClientId,
      response_type: 'code',
      redirect_uri: redirect,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })}`
    const html = await (await jar.fetch(formUrl)).text()
    const fields = new URLSearchParams()
    for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields.set(match[1]!, match[2]!.replaceAll('&amp;', '&'))
    fields.set('username', 'ana')
    const answer = await jar.fetch(`${AUTH}/forgotPassword`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: AUTH },
      body: fields.toString(),
    })
    expect(answer.status).toBe(200)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      triggerSource: 'UserMigration_ForgotPassword',
      userName: 'ana',
      callerContext: { clientId: UserPoolClient.ClientId },
    })
    expect(events[0].request.password).toBeUndefined()
    expect((await getUser('ana')).UserStatus).toBe('RESET_REQUIRED')
    expect(app.sent.map((m) => m.purpose)).toEqual(['FORGOT_PASSWORD'])
  })
})

describe('UserMigration_ForgotPassword', () => {
  it('is sent the event without a password; the user is created RESET_REQUIRED and sent the code', async () => {
    const { app, poolId, clientId, events, signIn, getUser } = await poolWithMigration(
      legacyFunction({ finalUserStatus: 'CONFIRMED' }),
    )
    const response = await app.call(
      'ForgotPassword',
      { ClientId: clientId, Username: 'ana', ClientMetadata: { legacy: 'https://old' } },
      UA,
    )
    expect(await response.json()).toEqual({
      CodeDeliveryDetails: {
        AttributeName: 'email',
        DeliveryMedium: 'EMAIL',
        Destination: expect.stringMatching(/^a\*\*\*@e\*\*\*$/),
      },
    })
    expect(withPlaceholders(events[0], { '<userPoolId>': poolId, '<clientId>': clientId })).toEqual(
      golden('UserMigration_ForgotPassword'),
    )
    expect((await getUser('ana')).UserStatus).toBe('RESET_REQUIRED')
    const code = app.sent.findLast((m) => m.purpose === 'FORGOT_PASSWORD')!.code!
    const confirmed = await app.call('ConfirmForgotPassword', {
      ClientId: clientId,
      Username: 'ana',
      ConfirmationCode: code,
      Password: 'New-pass-123',
    })
    expect(confirmed.status).toBe(200)
    expect((await signIn('ana', 'New-pass-123')).status).toBe(200)
    expect(events).toHaveLength(1)
  })

  it('answers an unknown name as before, and a hidden one with a decoy delivery', async () => {
    for (const hidden of [false, true]) {
      const { app, clientId, events, getUser } = await poolWithMigration(
        legacyFunction(),
        {},
        hidden ? { PreventUserExistenceErrors: 'ENABLED' } : {},
      )
      const response = await app.call('ForgotPassword', { ClientId: clientId, Username: 'zed' })
      const body = (await response.json()) as { __type?: string; CodeDeliveryDetails?: object }
      if (hidden) expect(body.CodeDeliveryDetails).toBeDefined()
      else expect(body.__type).toBe('UserNotFoundException')
      expect(events).toHaveLength(1)
      await expect(getUser('zed')).rejects.toThrow(/UserNotFoundException/)
      expect(app.sent).toEqual([])
    }
  })
})
