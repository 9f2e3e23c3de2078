import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import * as oidc from 'openid-client'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { callbackServer } from './support/callback-server'
import { adminClient, createAppClient, createPool, endpoint } from './support/clients'

const PASSWORD = 'Browser-Pass-42'

/**
 * The OAuth 2.0 / OIDC provider driven by openid-client (discovery, code + PKCE, refresh, userInfo,
 * revocation, logout) with the hosted sign-in form filled in by real Chromium. Test names follow the
 * OpenID conformance modules they mirror.
 */
describe('OIDC provider with openid-client and Chromium', () => {
  let browser: Browser
  let callback: Awaited<ReturnType<typeof callbackServer>>
  let poolId: string
  let clientId: string
  let issuer: string
  let config: oidc.Configuration

  beforeAll(async () => {
    browser = await launchChromium()
    callback = await callbackServer()
    poolId = await createPool({ AutoVerifiedAttributes: ['email'] })
    // Registered without a port: loopback redirects may use any port (RFC 8252 §7.3).
    clientId = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: ['http://127.0.0.1/callback'],
        LogoutURLs: [`${callback.base}/signed-out`],
        SupportedIdentityProviders: ['COGNITO'],
      })
    ).clientId
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'browser-user',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'browser@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Bea Browser' },
        ],
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'browser-user',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    issuer = `${endpoint()}/${poolId}`
    config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    })
  })

  afterAll(async () => {
    await browser?.close()
    await callback?.close()
  })

  async function signInThroughBrowser(
    context: Awaited<ReturnType<Browser['newContext']>>,
    extra: Record<string, string> = {},
  ) {
    const verifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const nonce = oidc.randomNonce()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    })
    const page = await context.newPage()
    await page.goto(url.href)
    if (new URL(page.url()).pathname === '/login') {
      await page.getByLabel('Username or email').fill('browser-user')
      await page.getByLabel('Password').fill(PASSWORD)
      await Promise.all([
        page.waitForURL(`${callback.base}/**`),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ])
    } else {
      await page.waitForURL(`${callback.base}/**`)
    }
    const landed = new URL(page.url())
    await page.close()
    return { landed, verifier, state, nonce }
  }

  it('Config OP: discovery is complete and truthful', async () => {
    const metadata = config.serverMetadata()
    expect(metadata.issuer).toBe(issuer)
    expect(metadata.code_challenge_methods_supported).toEqual(['S256'])
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true)
    expect(metadata.end_session_endpoint).toBe(`${endpoint()}/logout`)
    const jwks = (await (await fetch(metadata.jwks_uri!)).json()) as { keys: unknown[] }
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2)
  })

  it('Basic OP: code + PKCE through the hosted login page, then userInfo, refresh and revocation', async () => {
    const context = await browser.newContext()
    const { landed, verifier, state, nonce } = await signInThroughBrowser(context)
    expect(landed.searchParams.get('iss')).toBe(issuer)
    const tokens = await oidc.authorizationCodeGrant(config, landed, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    })
    const claims = tokens.claims()!
    expect(claims['cognito:username']).toBe('browser-user')
    expect(claims.nonce).toBe(nonce)
    expect(claims.at_hash).toBeTruthy()
    expect(tokens.scope ?? 'openid email profile').toContain('openid')
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)
    expect(info).toMatchObject({
      sub: claims.sub,
      email: 'browser@example.com',
      email_verified: true,
      name: 'Bea Browser',
    })
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
    expect(refreshed.refresh_token).toBeTruthy()
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
    await oidc.tokenRevocation(config, refreshed.refresh_token!)
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    })
    await context.close()
  })

  it('SSO: a second sign-in in the same browser needs no password; prompt=login asks again', async () => {
    const context = await browser.newContext()
    await signInThroughBrowser(context)
    const page = await context.newPage()
    const again = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    })
    await page.goto(again.href)
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy()
    again.searchParams.set('prompt', 'login')
    await page.goto(again.href)
    expect(new URL(page.url()).pathname).toBe('/login')
    await context.close()
  })

  it('RP-initiated logout: ends the session, redirects with state, and the next sign-in needs a password', async () => {
    const context = await browser.newContext()
    const { landed, verifier, state, nonce } = await signInThroughBrowser(context)
    const tokens = await oidc.authorizationCodeGrant(config, landed, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    })
    const page = await context.newPage()
    const logout = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: `${callback.base}/signed-out`,
      state: 'bye',
    })
    await page.goto(logout.href)
    expect(page.url()).toBe(`${callback.base}/signed-out?state=bye`)
    const none = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      prompt: 'none',
      state: 's1',
    })
    await page.goto(none.href)
    const answer = new URL(page.url())
    expect(answer.searchParams.get('error')).toBe('login_required')
    expect(answer.searchParams.get('state')).toBe('s1')
    await context.close()
  })

  it('Form Post: response_mode=form_post posts the code to the redirect URI', async () => {
    const context = await browser.newContext()
    const before = callback.hits.length
    const { verifier, state, nonce } = await signInThroughBrowser(context, {
      response_mode: 'form_post',
    })
    const posted = callback.hits.slice(before).find((hit) => hit.method === 'POST')
    expect(posted).toBeTruthy()
    const form = new URLSearchParams(posted!.body)
    expect(form.get('state')).toBe(state)
    expect(form.get('iss')).toBe(issuer)
    const tokens = await oidc.authorizationCodeGrant(
      config,
      new URL(`${callback.base}/callback?${form}`),
      { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
    )
    expect(tokens.access_token).toBeTruthy()
    await context.close()
  })

  it('client_credentials with a resource-server scope for a confidential client', async () => {
    await adminClient().send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: 'https://api.example',
        Name: 'api',
        Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }],
      }),
    )
    const { clientId: m2m, clientSecret } = await createAppClient(poolId, {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['https://api.example/read'],
    })
    const m2mConfig = await oidc.discovery(
      new URL(issuer),
      m2m,
      clientSecret!,
      oidc.ClientSecretBasic(clientSecret!),
      { execute: [oidc.allowInsecureRequests] },
    )
    const tokens = await oidc.clientCredentialsGrant(m2mConfig, {
      scope: 'https://api.example/read',
    })
    const claims = JSON.parse(
      Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString(),
    )
    expect(claims).toMatchObject({
      sub: m2m,
      client_id: m2m,
      scope: 'https://api.example/read',
      token_use: 'access',
    })
    const postConfig = await oidc.discovery(
      new URL(issuer),
      m2m,
      clientSecret!,
      oidc.ClientSecretPost(clientSecret!),
      { execute: [oidc.allowInsecureRequests] },
    )
    expect((await oidc.clientCredentialsGrant(postConfig, {})).access_token).toBeTruthy()
    const wrong = await fetch(`${endpoint()}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${m2m}:wrong-secret`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/)
    expect(wrong.headers.get('cache-control')).toBe('no-store')
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' })
  })
})
