import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type RunningWorker } from './support/worker'

const PASSWORD = 'Limited-Pass-42'

/**
 * A worker of its own with small allowances: 3 password attempts per account and 12 attempts at
 * secrets per address a minute, and 2 codes per account an hour.
 */
describe('per-account and per-address limits on attempts at secrets', () => {
  let worker: RunningWorker
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    worker = await startWorker({
      vars: {
        SIGN_IN_LIMIT_PER_IP: '12',
        SIGN_IN_LIMIT_PER_ACCOUNT: '3',
        // A day's window: the allowances cannot refill while a slow machine runs the test.
        SIGN_IN_LIMIT_WINDOW_SECONDS: '86400',
        CODE_MESSAGES_PER_ACCOUNT_PER_HOUR: '2',
      },
    })
    const admin = sdk()
    poolId = (
      await admin.send(
        new CreateUserPoolCommand({
          PoolName: 'limited',
          UsernameConfiguration: { CaseSensitive: false },
        }),
      )
    ).UserPool!.Id!
    clientId = (
      await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'c',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!
    for (const Username of ['target', 'bystander']) {
      await admin.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }),
      )
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username,
          Password: PASSWORD,
          Permanent: true,
        }),
      )
    }
  })

  afterAll(async () => {
    await worker?.stop()
  })

  const sdk = () =>
    new CognitoIdentityProviderClient({
      endpoint: worker.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
      maxAttempts: 1,
    })

  /** USER_PASSWORD_AUTH from a given client address (the header Cloudflare sets at the edge). */
  const signIn = (USERNAME: string, PASSWORD_: string, address: string) =>
    fetch(`${worker.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        'cf-connecting-ip': address,
      },
      body: JSON.stringify({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME, PASSWORD: PASSWORD_ },
      }),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as {
        __type?: string
        message?: string
        AuthenticationResult?: unknown
      },
    }))

  it('stops password attempts on one account after its allowance, from any address and spelling, without touching others', async () => {
    for (let i = 0; i < 3; i++)
      expect((await signIn('target', `Wrong-Guess-${i}`, `198.51.100.${i}`)).body.__type).toBe(
        'NotAuthorizedException',
      )
    const refused = await signIn('target', PASSWORD, '198.51.100.9')
    expect(refused.body.__type).toBe('TooManyRequestsException')
    expect(refused.body.message).toMatch(/try again in \d+ seconds/)
    expect((await signIn('TARGET', PASSWORD, '198.51.100.10')).body.__type).toBe(
      'TooManyRequestsException',
    )
    expect(
      (await signIn('bystander', PASSWORD, '198.51.100.11')).body.AuthenticationResult,
    ).toBeTruthy()
  })

  it('stops one address after its allowance, before the password is even looked at, while other addresses go on', async () => {
    const address = '203.0.113.7'
    const answers = []
    for (let i = 0; i < 13; i++) answers.push(await signIn(`nobody-${i}`, PASSWORD, address))
    expect(answers.slice(0, 12).every((a) => a.body.__type === 'UserNotFoundException')).toBe(true)
    expect(answers[12]!.body.__type).toBe('TooManyRequestsException')
    // Other operations that try secrets share the address's allowance; admin operations do not.
    const forgot = await fetch(`${worker.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.ForgotPassword',
        'cf-connecting-ip': address,
      },
      body: JSON.stringify({ ClientId: clientId, Username: 'bystander' }),
    })
    expect(((await forgot.json()) as { __type: string }).__type).toBe('TooManyRequestsException')
    expect(
      (
        await sdk().send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'created-anyway',
            MessageAction: 'SUPPRESS',
          }),
        )
      ).User?.Username,
    ).toBe('created-anyway')
    expect(
      (await signIn('bystander', PASSWORD, '203.0.113.8')).body.AuthenticationResult,
    ).toBeTruthy()
  })

  it('limits the hosted sign-in form by address too', async () => {
    const oauthClient = (
      await sdk().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'web',
          AllowedOAuthFlows: ['code'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: ['https://app.example/cb'],
        }),
      )
    ).UserPoolClient!.ClientId!
    const params = {
      client_id: oauthClient,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'https://app.example/cb',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }
    const address = '192.0.2.44'
    const login = await fetch(`${worker.endpoint}/login?${new URLSearchParams(params)}`)
    const csrfCookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-pcl-csrf='))!
      .split(';')[0]!
    const post = (username: string) =>
      fetch(`${worker.endpoint}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: csrfCookie,
          origin: worker.endpoint,
          'cf-connecting-ip': address,
        },
        body: new URLSearchParams({
          ...params,
          _csrf: csrfCookie.split('=')[1]!,
          username,
          password: 'Wrong-Pass-1',
        }),
      }).then(async (response) => ({ status: response.status, html: await response.text() }))
    for (let i = 0; i < 12; i++)
      expect((await post(`stranger-${i}`)).html).toContain('Incorrect username or password.')
    const refused = await post('stranger-12')
    expect(refused.status).toBe(400)
    expect(refused.html).toContain('Too many requests')
    expect(refused.html).not.toContain('Incorrect username or password.')
  })

  it('stops sending codes to one account after its hourly allowance, whoever asks', async () => {
    const admin = sdk()
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'mailbox',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'mailbox@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    )
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'mailbox',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const forgot = (address: string) =>
      fetch(`${worker.endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.ForgotPassword',
          'cf-connecting-ip': address,
        },
        body: JSON.stringify({ ClientId: clientId, Username: 'mailbox' }),
      }).then(
        async (response) =>
          (await response.json()) as { __type?: string; CodeDeliveryDetails?: unknown },
      )
    expect((await forgot('198.18.0.1')).CodeDeliveryDetails).toBeTruthy()
    expect((await forgot('198.18.0.2')).CodeDeliveryDetails).toBeTruthy()
    expect((await forgot('198.18.0.3')).__type).toBe('LimitExceededException')
  })
})
