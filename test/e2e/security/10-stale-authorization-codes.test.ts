import {
  AdminCreateUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createHash, randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  outbox,
  publicClient,
  uniqueName,
} from '../support/clients'

const PASSWORD = 'Stale-Code-Pass-1'
const REDIRECT = 'https://rp.example/callback'

/**
 * An authorization code stands for a sign-in. A global sign-out or a password reset after the code
 * was issued ends that sign-in like every token begun before it: the code no longer redeems, so it
 * cannot open a fresh refresh-token family behind the user's back.
 */
describe('security review 10: authorization codes issued before a sign-out or reset do not redeem', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool()
    clientId = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [REDIRECT],
        SupportedIdentityProviders: ['COGNITO'],
      })
    ).clientId
  })

  /** A confirmed user with a verified email (so resets have somewhere to send their code). */
  async function user(): Promise<string> {
    const username = `stale-${uniqueName()}`
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    return username
  }

  /** /oauth2/authorize, then the hosted sign-in form over plain HTTP: the code and its PKCE verifier. */
  async function authorize(username: string): Promise<{ code: string; verifier: string }> {
    const verifier = randomBytes(32).toString('base64url')
    const params = {
      client_id: clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      state: 'stale',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }
    const authorizeResponse = await fetch(
      `${endpoint()}/oauth2/authorize?${new URLSearchParams(params)}`,
      { redirect: 'manual' },
    )
    const loginUrl = new URL(authorizeResponse.headers.get('location')!, endpoint())
    expect(loginUrl.pathname).toBe('/login')
    const login = await fetch(loginUrl)
    expect(login.status).toBe(200)
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-pcl-csrf='))!
      .split(';')[0]!
    const signedIn = await fetch(`${endpoint()}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        origin: endpoint(),
      },
      body: new URLSearchParams({
        ...Object.fromEntries(loginUrl.searchParams),
        _csrf: cookie.split('=')[1]!,
        username,
        password: PASSWORD,
      }),
    })
    expect(signedIn.status).toBe(303)
    const code = new URL(signedIn.headers.get('location')!).searchParams.get('code')
    expect(code).toBeTruthy()
    return { code: code!, verifier }
  }

  const redeem = async ({ code, verifier }: { code: string; verifier: string }) => {
    const response = await fetch(`${endpoint()}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: clientId,
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      }),
    })
    return { status: response.status, body: (await response.json()) as Record<string, string> }
  }

  const expectRefused = async (grant: { code: string; verifier: string }) => {
    const answer = await redeem(grant)
    expect(answer.status).toBe(400)
    expect(answer.body.error).toBe('invalid_grant')
    expect(answer.body.refresh_token).toBeUndefined()
  }

  const accessToken = async (username: string) =>
    (
      await publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD },
        }),
      )
    ).AuthenticationResult!.AccessToken!

  it('a code redeems when nothing ended the sign-in, and a code issued after a sign-out redeems too', async () => {
    const username = await user()
    const untouched = await redeem(await authorize(username))
    expect(untouched.status).toBe(200)
    expect(untouched.body.refresh_token).toBeTruthy()
    await adminClient().send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: username }),
    )
    const after = await redeem(await authorize(username))
    expect(after.status).toBe(200)
    expect(after.body.refresh_token).toBeTruthy()
  })

  it('GlobalSignOut', async () => {
    const username = await user()
    const grant = await authorize(username)
    await publicClient().send(
      new GlobalSignOutCommand({ AccessToken: await accessToken(username) }),
    )
    await expectRefused(grant)
  })

  it('AdminUserGlobalSignOut', async () => {
    const username = await user()
    const grant = await authorize(username)
    await adminClient().send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: username }),
    )
    await expectRefused(grant)
  })

  it('ConfirmForgotPassword', async () => {
    const username = await user()
    const grant = await authorize(username)
    await publicClient().send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }))
    const resetCode = (await outbox(poolId))
      .filter((m) => m.username === username && m.purpose === 'FORGOT_PASSWORD')
      .at(-1)?.code
    expect(resetCode).toBeTruthy()
    await publicClient().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: username,
        ConfirmationCode: resetCode!,
        Password: 'Stale-Code-Pass-3',
      }),
    )
    await expectRefused(grant)
  })

  it('AdminResetUserPassword', async () => {
    const username = await user()
    const grant = await authorize(username)
    await adminClient().send(
      new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: username }),
    )
    await expectRefused(grant)
  })

  it('AdminSetUserPassword with Permanent', async () => {
    const username = await user()
    const grant = await authorize(username)
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: 'Stale-Code-Pass-2',
        Permanent: true,
      }),
    )
    await expectRefused(grant)
  })
})
