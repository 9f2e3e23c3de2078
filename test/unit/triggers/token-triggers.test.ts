import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { CookieJar, hostedLoginUrl, postLoginForm } from '../../support/cookie-jar'
import { AUTH, testApp } from '../support/app'
import { authenticator } from '../support/authenticator'
import { type TestHandler, withPlaceholders } from '../support/functions'

const ARN = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`
const PASSWORD = 'Correct-Horse-42'
const REDIRECT = 'https://rp.example/cb'
const VERIFIER = 'v'.repeat(43)
const SDK = {
  'x-amz-user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 api/cognito-identity-provider#3.1169.0',
}

const golden = (triggerSource: string, variant = '') =>
  JSON.parse(
    readFileSync(new URL(`./golden/${triggerSource}${variant}.json`, import.meta.url), 'utf8'),
  )

type Handlers = Partial<
  Record<'preAuthentication' | 'postAuthentication' | 'preTokenGeneration', TestHandler>
>

/**
 * A pool whose three triggers are methods of a bound entrypoint (events arrive as JSON, as over
 * the wire), a user `ana` in group `staff` (with a role), and a JSON API client and an OAuth one.
 */
async function poolWithTokenTriggers(
  handlers: Handlers,
  options: { version?: 'V1_0' | 'V2_0' | 'V3_0'; hidden?: boolean } = {},
) {
  // biome-ignore lint/suspicious/noExplicitAny: the events are compared with golden JSON
  const events: any[] = []
  const methods = Object.fromEntries(
    (['preAuthentication', 'postAuthentication', 'preTokenGeneration'] as const).map((name) => [
      name,
      async (event: unknown) => {
        events.push(structuredClone(event))
        const handler = handlers[name]
        return handler ? handler(event) : event
      },
    ]),
  )
  const app = testApp(
    {
      TRIGGER_TARGETS: JSON.stringify(
        Object.fromEntries(
          Object.keys(methods).map((method) => [ARN(method), { service: 'TRIGGERS', method }]),
        ),
      ),
    },
    { TRIGGERS: methods },
  )
  const LambdaConfig = {
    ...(handlers.preAuthentication ? { PreAuthentication: ARN('preAuthentication') } : {}),
    ...(handlers.postAuthentication ? { PostAuthentication: ARN('postAuthentication') } : {}),
    ...(handlers.preTokenGeneration
      ? {
          PreTokenGenerationConfig: {
            LambdaArn: ARN('preTokenGeneration'),
            LambdaVersion: options.version ?? 'V1_0',
          },
        }
      : {}),
  }
  const { UserPool } = (await app.admin('CreateUserPool', {
    PoolName: 'tokens',
    LambdaConfig,
  })) as { UserPool: { Id: string } }
  const poolId = UserPool.Id
  const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
    UserPoolId: poolId,
    ClientName: 'app',
    ExplicitAuthFlows: [
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ],
    ...(options.hidden ? { PreventUserExistenceErrors: 'ENABLED' } : {}),
  })) as { UserPoolClient: { ClientId: string } }
  const clientId = UserPoolClient.ClientId
  await app.admin('AdminCreateUser', {
    UserPoolId: poolId,
    Username: 'ana',
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: 'ana@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ],
  })
  await app.admin('AdminSetUserPassword', {
    UserPoolId: poolId,
    Username: 'ana',
    Password: PASSWORD,
    Permanent: true,
  })
  await app.admin('CreateGroup', {
    UserPoolId: poolId,
    GroupName: 'staff',
    RoleArn: 'arn:aws:iam::123456789012:role/staff',
  })
  await app.admin('AdminAddUserToGroup', {
    UserPoolId: poolId,
    Username: 'ana',
    GroupName: 'staff',
  })
  const user = await app.admin('AdminGetUser', { UserPoolId: poolId, Username: 'ana' })
  const sub = (user.UserAttributes as Array<{ Name: string; Value: string }>).find(
    (a) => a.Name === 'sub',
  )!.Value
  const signIn = (Username = 'ana', Password = PASSWORD, extra: object = {}) =>
    app.call(
      'InitiateAuth',
      {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: Username, PASSWORD: Password },
        ...extra,
      },
      SDK,
    )
  const placeholders = () => ({ '<poolId>': poolId, '<clientId>': clientId, '<sub>': sub })
  return { app, poolId, clientId, sub, events, signIn, placeholders }
}

describe('PreAuthentication_Authentication', () => {
  it('is sent before the password check, with ClientMetadata as validationData', async () => {
    const { events, signIn, placeholders } = await poolWithTokenTriggers(
      { preAuthentication: (event) => event },
      { hidden: true },
    )
    const response = await signIn('ana', PASSWORD, { ClientMetadata: { device: 'kiosk' } })
    expect(response.status).toBe(200)
    expect(withPlaceholders(events, placeholders())).toEqual([
      golden('PreAuthentication_Authentication'),
    ])
  })

  it('is sent for an unknown name with userNotFound only where the client hides existence', async () => {
    const hidden = await poolWithTokenTriggers(
      { preAuthentication: (event) => event },
      { hidden: true },
    )
    const unknown = await hidden.signIn('nobody', PASSWORD)
    expect(await unknown.json()).toMatchObject({ __type: 'NotAuthorizedException' })
    expect(withPlaceholders(hidden.events, hidden.placeholders())).toEqual([
      golden('PreAuthentication_Authentication', '.user-not-found'),
    ])

    const shown = await poolWithTokenTriggers({ preAuthentication: (event) => event })
    const answer = await shown.signIn('nobody', PASSWORD)
    expect(await answer.json()).toMatchObject({ __type: 'UserNotFoundException' })
    expect(shown.events).toEqual([])
    // A known user of a client that shows existence is sent no userNotFound member.
    expect((await shown.signIn()).status).toBe(200)
    expect(shown.events[0].request).not.toHaveProperty('userNotFound')
  })

  it("refuses with the function's message and counts nothing against the account", async () => {
    let refuse = true
    const { signIn, events } = await poolWithTokenTriggers({
      preAuthentication: (event) => {
        if (refuse) throw new Error('Sign-in is closed today')
        return event
      },
    })
    // More refusals than the lockout allows wrong passwords: none of them is counted.
    for (let i = 0; i < 8; i++) {
      const refused = await signIn('ana', 'Wrong-Password-1')
      expect(refused.status).toBe(400)
      expect(await refused.json()).toEqual({
        __type: 'UserLambdaValidationException',
        message: 'PreAuthentication failed with error Sign-in is closed today.',
      })
    }
    refuse = false
    const allowed = await signIn()
    expect(allowed.status).toBe(200)
    expect(events).toHaveLength(9)
  })
})

describe('PostAuthentication_Authentication', () => {
  it('is sent after the sign-in succeeds, with newDeviceUsed', async () => {
    const { app, clientId, events, placeholders } = await poolWithTokenTriggers({
      postAuthentication: (event) => event,
    })
    const response = await app.call(
      'InitiateAuth',
      {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ana', PASSWORD },
        // InitiateAuth's ClientMetadata is not sent to PostAuthentication.
        ClientMetadata: { ignored: 'yes' },
      },
      SDK,
    )
    expect(response.status).toBe(200)
    expect(withPlaceholders(events, placeholders())).toEqual([
      golden('PostAuthentication_Authentication'),
    ])
  })

  it('is sent after the second factor, not after the password alone', async () => {
    const { app, poolId, clientId, events, signIn } = await poolWithTokenTriggers({
      postAuthentication: (event) => event,
    })
    app.advance(15_000 - (app.now() % 30_000))
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    })
    const { AuthenticationResult } = (await (await signIn()).json()) as {
      AuthenticationResult: { AccessToken: string }
    }
    const { SecretCode } = (await (
      await app.call('AssociateSoftwareToken', { AccessToken: AuthenticationResult.AccessToken })
    ).json()) as { SecretCode: string }
    await app.call('VerifySoftwareToken', {
      AccessToken: AuthenticationResult.AccessToken,
      UserCode: authenticator(SecretCode, app.now()),
    })
    await app.call('SetUserMFAPreference', {
      AccessToken: AuthenticationResult.AccessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    })
    app.advance(30_000)
    events.length = 0
    const challenge = (await (await signIn()).json()) as { ChallengeName: string; Session: string }
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    expect(events).toEqual([])
    const answered = await app.call('RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: challenge.Session,
      ChallengeResponses: {
        USERNAME: 'ana',
        SOFTWARE_TOKEN_MFA_CODE: authenticator(SecretCode, app.now()),
      },
      ClientMetadata: { step: 'mfa' },
    })
    expect(answered.status).toBe(200)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      triggerSource: 'PostAuthentication_Authentication',
      request: { newDeviceUsed: false, clientMetadata: { step: 'mfa' } },
    })
  })

  it('is not sent for a wrong password, and a failure issues no tokens', async () => {
    const { signIn, events } = await poolWithTokenTriggers({
      postAuthentication: () => {
        throw new Error('Account under review')
      },
    })
    expect(await (await signIn('ana', 'Wrong-Password-1')).json()).toMatchObject({
      __type: 'NotAuthorizedException',
    })
    expect(events).toEqual([])
    const refused = await signIn()
    expect(await refused.json()).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'PostAuthentication failed with error Account under review.',
    })
  })
})

describe('PreTokenGeneration', () => {
  it('V1_0: customizes the ID token and the groups of both tokens; reserved claims stay', async () => {
    const { events, signIn, placeholders, sub, clientId } = await poolWithTokenTriggers({
      preTokenGeneration: (event) => ({
        ...event,
        response: {
          claimsOverrideDetails: {
            claimsToAddOrOverride: { tier: 'gold', sub: 'forged', email: 'over@example.com' },
            claimsToSuppress: ['email', 'aud', 'email_verified'],
            groupOverrideDetails: { groupsToOverride: ['editors'], iamRolesToOverride: [] },
          },
        },
      }),
    })
    const response = await signIn()
    const { AuthenticationResult } = (await response.json()) as {
      AuthenticationResult: { IdToken: string; AccessToken: string }
    }
    expect(withPlaceholders(events, placeholders())).toEqual([
      golden('TokenGeneration_Authentication', '.v1'),
    ])
    const id = decodeJwt(AuthenticationResult.IdToken)
    expect(id).toMatchObject({ tier: 'gold', sub, aud: clientId, 'cognito:groups': ['editors'] })
    // Suppression wins over an override of the same claim.
    expect(id).not.toHaveProperty('email')
    expect(id).not.toHaveProperty('email_verified')
    expect(id).not.toHaveProperty('cognito:roles')
    const access = decodeJwt(AuthenticationResult.AccessToken)
    expect(access).toMatchObject({ 'cognito:groups': ['editors'] })
    expect(access).not.toHaveProperty('tier')
  })

  it('V2_0: both tokens and the scopes; sent TokenGeneration_RefreshTokens on refresh', async () => {
    const { app, events, signIn, placeholders, clientId, sub } = await poolWithTokenTriggers(
      {
        preTokenGeneration: (event) => ({
          ...event,
          response: {
            claimsAndScopeOverrideDetails: {
              idTokenGeneration: { claimsToAddOrOverride: { plan: { seats: 3 } } },
              accessTokenGeneration: {
                claimsToAddOrOverride: { tenant: 't-1', client_id: 'forged', username: 'x' },
                claimsToSuppress: ['cognito:groups'],
                scopesToAdd: ['photos/read', 'has space'],
                scopesToSuppress: ['aws.cognito.signin.user.admin'],
              },
            },
          },
        }),
      },
      { version: 'V2_0' },
    )
    const { AuthenticationResult } = (await (await signIn()).json()) as {
      AuthenticationResult: { IdToken: string; AccessToken: string; RefreshToken: string }
    }
    expect(decodeJwt(AuthenticationResult.IdToken)).toMatchObject({ plan: { seats: 3 } })
    const access = decodeJwt(AuthenticationResult.AccessToken)
    expect(access).toMatchObject({
      tenant: 't-1',
      client_id: clientId,
      username: 'ana',
      sub,
      scope: 'photos/read',
      // cognito:groups is changed only through groupOverrideDetails.
      'cognito:groups': ['staff'],
    })
    const refreshed = await app.call(
      'GetTokensFromRefreshToken',
      {
        ClientId: clientId,
        RefreshToken: AuthenticationResult.RefreshToken,
        ClientMetadata: { reason: 'resume' },
      },
      SDK,
    )
    expect(refreshed.status).toBe(200)
    expect(withPlaceholders(events, placeholders())).toEqual([
      golden('TokenGeneration_Authentication', '.v2'),
      golden('TokenGeneration_RefreshTokens'),
    ])
  })

  it('is sent TokenGeneration_NewPasswordChallenge with RespondToAuthChallenge’s ClientMetadata', async () => {
    const { app, poolId, clientId, events, placeholders } = await poolWithTokenTriggers(
      { preTokenGeneration: (event) => event, postAuthentication: (event) => event },
      { version: 'V2_0' },
    )
    await app.admin('AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: 'ana',
      Password: 'Temporary-Pass-1',
      Permanent: false,
    })
    const challenge = (await (
      await app.call('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ana', PASSWORD: 'Temporary-Pass-1' },
      })
    ).json()) as { Session: string }
    const answer = await app.call(
      'RespondToAuthChallenge',
      {
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'ana', NEW_PASSWORD: 'Brand-New-Pass-2' },
        ClientMetadata: { step: 'first-login' },
      },
      SDK,
    )
    expect(answer.status).toBe(200)
    expect(events.map((e) => e.triggerSource)).toEqual([
      'PostAuthentication_Authentication',
      'TokenGeneration_NewPasswordChallenge',
    ])
    expect(withPlaceholders(events[1], placeholders())).toEqual(
      golden('TokenGeneration_NewPasswordChallenge'),
    )
    expect(events[0].request.clientMetadata).toEqual({ step: 'first-login' })
  })

  it('a failure or an unrecognizable answer issues no tokens', async () => {
    let answer: (event: { response: object }) => unknown = () => {
      throw new Error('no tokens for you')
    }
    const { signIn } = await poolWithTokenTriggers({ preTokenGeneration: (e) => answer(e) })
    expect(await (await signIn()).json()).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'PreTokenGeneration failed with error no tokens for you.',
    })
    answer = (event) => ({
      ...event,
      response: { claimsOverrideDetails: { claimsToSuppress: 'email' } },
    })
    expect(await (await signIn()).json()).toMatchObject({
      __type: 'InvalidLambdaResponseException',
    })
  })
})

describe('PreTokenGeneration on the OAuth endpoints', () => {
  async function oauthPool(handler: TestHandler, version: 'V2_0' | 'V3_0') {
    const setup = await poolWithTokenTriggers(
      { preTokenGeneration: handler, postAuthentication: (event) => event },
      { version },
    )
    const { app, poolId } = setup
    await app.admin('CreateResourceServer', {
      UserPoolId: poolId,
      Identifier: 'photos',
      Name: 'photos',
      Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }],
    })
    const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'rp',
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [REDIRECT],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    })) as { UserPoolClient: { ClientId: string } }
    const machine = (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'machine',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['photos/read'],
    })) as { UserPoolClient: { ClientId: string; ClientSecret: string } }
    const token = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      app.fetch(`${AUTH}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      })
    return { ...setup, rpId: UserPoolClient.ClientId, machine: machine.UserPoolClient, token }
  }

  it('TokenGeneration_HostedAuth at the code exchange; a refusal leaves the code unused', async () => {
    let refuse = true
    const { app, events, rpId, token, placeholders } = await oauthPool((event) => {
      if (refuse) throw new Error('not yet')
      return {
        ...event,
        response: {
          claimsAndScopeOverrideDetails: {
            accessTokenGeneration: { scopesToAdd: ['photos/read'], scopesToSuppress: ['email'] },
          },
        },
      }
    }, 'V2_0')
    const jar = new CookieJar(app.fetch)
    const login = (
      await hostedLoginUrl(jar, AUTH, {
        client_id: rpId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid email',
        code_challenge: createHash('sha256').update(VERIFIER).digest('base64url'),
        code_challenge_method: 'S256',
      })
    ).toString()
    const signedIn = await postLoginForm(jar, login, 'ana', PASSWORD)
    expect(signedIn.status).toBe(303)
    const code = new URL(signedIn.headers.get('location')!).searchParams.get('code')!
    const exchange = () =>
      token({
        grant_type: 'authorization_code',
        client_id: rpId,
        code,
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
      })
    const refused = await exchange()
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({
      error: 'invalid_request',
      error_description: 'PreTokenGeneration failed with error not yet.',
    })
    refuse = false
    const tokens = (await (await exchange()).json()) as {
      access_token: string
      id_token: string
      refresh_token: string
    }
    expect(decodeJwt(tokens.access_token).scope).toBe('openid photos/read')
    expect(decodeJwt(tokens.id_token).aud).toBe(rpId)
    // The token endpoint always rotates: a refused refresh must not have rotated the token away.
    const refresh = () =>
      token({ grant_type: 'refresh_token', client_id: rpId, refresh_token: tokens.refresh_token })
    refuse = true
    expect((await refresh()).status).toBe(400)
    refuse = false
    // Past any grace window a rotated-out token would have: only an unrotated one still works.
    app.advance(1_000)
    const refreshed = await refresh()
    expect(refreshed.status).toBe(200)
    expect(
      decodeJwt(((await refreshed.json()) as { access_token: string }).access_token).scope,
    ).toBe('openid photos/read')
    expect(events.map((e) => e.triggerSource)).toEqual([
      'PostAuthentication_Authentication',
      'TokenGeneration_HostedAuth',
      'TokenGeneration_HostedAuth',
      'TokenGeneration_RefreshTokens',
      'TokenGeneration_RefreshTokens',
    ])
    expect(events[0].callerContext.clientId).toBe(rpId)
    expect(withPlaceholders(events[2], { ...placeholders(), '<clientId>': rpId })).toEqual(
      golden('TokenGeneration_HostedAuth'),
    )
  })

  it('TokenGeneration_HostedAuth on the implicit grant, before anything is issued', async () => {
    const { app, poolId, events } = await oauthPool(
      (event) => ({
        ...event,
        response: {
          claimsAndScopeOverrideDetails: {
            idTokenGeneration: { claimsToAddOrOverride: { via: 'implicit' } },
          },
        },
      }),
      'V2_0',
    )
    const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'spa',
      AllowedOAuthFlows: ['implicit'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: [REDIRECT],
      SupportedIdentityProviders: ['COGNITO'],
    })) as { UserPoolClient: { ClientId: string } }
    const jar = new CookieJar(app.fetch)
    const login = (
      await hostedLoginUrl(jar, AUTH, {
        client_id: UserPoolClient.ClientId,
        response_type: 'token',
        redirect_uri: REDIRECT,
        scope: 'openid',
        nonce: 'n-1',
      })
    ).toString()
    const signedIn = await postLoginForm(jar, login, 'ana', PASSWORD)
    expect(signedIn.status).toBe(303)
    const fragment = new URLSearchParams(new URL(signedIn.headers.get('location')!).hash.slice(1))
    expect(decodeJwt(fragment.get('id_token')!)).toMatchObject({ via: 'implicit', nonce: 'n-1' })
    expect(events.map((e) => e.triggerSource)).toEqual([
      'PostAuthentication_Authentication',
      'TokenGeneration_HostedAuth',
    ])
  })

  it('V3_0 on client_credentials (TokenGeneration_ClientCredentials); V2_0 is not sent it', async () => {
    const handler: TestHandler = (event) => ({
      ...event,
      response: {
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: {
            claimsToAddOrOverride: { partner: 'acme', sub: 'forged' },
            scopesToAdd: ['photos/write'],
          },
        },
      },
    })
    const v3 = await oauthPool(handler, 'V3_0')
    const basic = (client: { ClientId: string; ClientSecret: string }) => ({
      authorization: `Basic ${btoa(`${client.ClientId}:${client.ClientSecret}`)}`,
    })
    const issued = await v3.token(
      { grant_type: 'client_credentials', scope: 'photos/read' },
      basic(v3.machine),
    )
    expect(issued.status).toBe(200)
    const access = decodeJwt(((await issued.json()) as { access_token: string }).access_token)
    expect(access).toMatchObject({
      partner: 'acme',
      sub: v3.machine.ClientId,
      scope: 'photos/read photos/write',
    })
    expect(
      withPlaceholders(v3.events, { ...v3.placeholders(), '<clientId>': v3.machine.ClientId }),
    ).toEqual([golden('TokenGeneration_ClientCredentials')])

    const v2 = await oauthPool(handler, 'V2_0')
    const plain = await v2.token(
      { grant_type: 'client_credentials', scope: 'photos/read' },
      basic(v2.machine),
    )
    const plainAccess = decodeJwt(((await plain.json()) as { access_token: string }).access_token)
    expect(plainAccess.scope).toBe('photos/read')
    expect(plainAccess).not.toHaveProperty('partner')
    expect(v2.events).toEqual([])
  })
})

describe('the hosted UI sign-in form', () => {
  it('sends PreAuthentication and shows its refusal on the form; no code is issued', async () => {
    const { app, poolId } = await poolWithTokenTriggers({
      preAuthentication: () => {
        throw new Error('Use the staff portal')
      },
    })
    const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'rp',
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: [REDIRECT],
      SupportedIdentityProviders: ['COGNITO'],
    })) as { UserPoolClient: { ClientId: string } }
    const jar = new CookieJar(app.fetch)
    const login = (
      await hostedLoginUrl(jar, AUTH, {
        client_id: UserPoolClient.ClientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid',
        code_challenge: createHash('sha256').update(VERIFIER).digest('base64url'),
        code_challenge_method: 'S256',
      })
    ).toString()
    const refused = await postLoginForm(jar, login, 'ana', PASSWORD)
    expect(refused.status).toBe(400)
    expect(refused.headers.get('location')).toBeNull()
    expect(await refused.text()).toContain(
      'PreAuthentication failed with error Use the staff portal.',
    )
  })
})

describe('CUSTOM_AUTH', () => {
  it('sends PreAuthentication at InitiateAuth and PostAuthentication and PreTokenGeneration when tokens are issued', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the events are read member by member
    const events: any[] = []
    // biome-ignore lint/suspicious/noExplicitAny: events as they arrive over the wire
    const methods: Record<string, (event: any) => unknown> = {
      define: (event) => ({
        ...event,
        response: event.request.session.at(-1)?.challengeResult
          ? { issueTokens: true, failAuthentication: false }
          : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false },
      }),
      create: (event) => ({
        ...event,
        response: {
          publicChallengeParameters: {},
          privateChallengeParameters: { answer: '42' },
          challengeMetadata: 'CODE',
        },
      }),
      verify: (event) => ({
        ...event,
        response: { answerCorrect: event.request.challengeAnswer === '42' },
      }),
      preAuthentication: (event) => event,
      postAuthentication: (event) => event,
      preTokenGeneration: (event) => ({
        ...event,
        response: { claimsOverrideDetails: { claimsToAddOrOverride: { via: 'custom' } } },
      }),
    }
    const recorded = Object.fromEntries(
      Object.entries(methods).map(([name, handler]) => [
        name,
        async (event: unknown) => {
          events.push(structuredClone(event))
          return handler(event)
        },
      ]),
    )
    const app = testApp(
      {
        TRIGGER_TARGETS: JSON.stringify(
          Object.fromEntries(
            Object.keys(methods).map((method) => [ARN(method), { service: 'TRIGGERS', method }]),
          ),
        ),
      },
      { TRIGGERS: recorded },
    )
    const { UserPool } = (await app.admin('CreateUserPool', {
      PoolName: 'custom',
      LambdaConfig: {
        DefineAuthChallenge: ARN('define'),
        CreateAuthChallenge: ARN('create'),
        VerifyAuthChallengeResponse: ARN('verify'),
        PreAuthentication: ARN('preAuthentication'),
        PostAuthentication: ARN('postAuthentication'),
        PreTokenGeneration: ARN('preTokenGeneration'),
      },
    })) as { UserPool: { Id: string } }
    const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
      UserPoolId: UserPool.Id,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })) as { UserPoolClient: { ClientId: string } }
    await app.admin('AdminCreateUser', {
      UserPoolId: UserPool.Id,
      Username: 'ana',
      MessageAction: 'SUPPRESS',
    })
    await app.admin('AdminSetUserPassword', {
      UserPoolId: UserPool.Id,
      Username: 'ana',
      Password: PASSWORD,
      Permanent: true,
    })
    const challenge = (await (
      await app.call(
        'InitiateAuth',
        {
          AuthFlow: 'CUSTOM_AUTH',
          ClientId: UserPoolClient.ClientId,
          AuthParameters: { USERNAME: 'ana' },
          ClientMetadata: { entry: 'kiosk' },
        },
        SDK,
      )
    ).json()) as { ChallengeName: string; Session: string }
    expect(challenge.ChallengeName).toBe('CUSTOM_CHALLENGE')
    const answered = await app.call(
      'RespondToAuthChallenge',
      {
        ChallengeName: 'CUSTOM_CHALLENGE',
        ClientId: UserPoolClient.ClientId,
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'ana', ANSWER: '42' },
        ClientMetadata: { step: 'answer' },
      },
      SDK,
    )
    const { AuthenticationResult } = (await answered.json()) as {
      AuthenticationResult: { IdToken: string }
    }
    expect(decodeJwt(AuthenticationResult.IdToken).via).toBe('custom')
    const ours = events.filter((e) =>
      ['PreAuthentication', 'PostAuthentication', 'TokenGeneration'].some((prefix) =>
        e.triggerSource.startsWith(prefix),
      ),
    )
    expect(ours.map((e) => e.triggerSource)).toEqual([
      'PreAuthentication_Authentication',
      'PostAuthentication_Authentication',
      'TokenGeneration_Authentication',
    ])
    expect(events[0].triggerSource).toBe('PreAuthentication_Authentication')
    expect(ours[0].request.validationData).toEqual({ entry: 'kiosk' })
    expect(ours[1].request.clientMetadata).toEqual({ step: 'answer' })
    expect(ours[2].request.clientMetadata).toEqual({ step: 'answer' })
  })
})
