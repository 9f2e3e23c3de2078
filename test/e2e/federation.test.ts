import {
  AdminCreateUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  ForgotPasswordCommand,
  GetIdentityProviderByIdentifierCommand,
  ListIdentityProvidersCommand,
  ListUsersCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createServer, type Server } from 'node:http'
import Provider from 'oidc-provider'
import * as oidc from 'openid-client'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { callbackServer } from './support/callback-server'
import { adminClient, createAppClient, createPool, endpoint, publicClient } from './support/clients'
import { freePort } from './support/worker'

const admin = adminClient()

/**
 * Sign-in through another OIDC provider: panva's oidc-provider upstream, a pool with an OIDC
 * identity provider, and real Chromium through both sets of pages. The app client only ever talks
 * to Portcullis, and gets Portcullis tokens for the federated user.
 */
describe('federation with an upstream OIDC provider', () => {
  let browser: Browser
  let upstream: Server
  let issuer: string
  let callback: Awaited<ReturnType<typeof callbackServer>>
  let poolId: string
  let clientId: string
  let config: oidc.Configuration

  beforeAll(async () => {
    browser = await launchChromium()
    callback = await callbackServer()
    const upstreamPort = await freePort()
    issuer = `http://127.0.0.1:${upstreamPort}`
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'portcullis-broker',
          client_secret: 'broker-secret',
          redirect_uris: [`${endpoint()}/oauth2/idpresponse`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      findAccount: async (_context: unknown, id: string) => ({
        accountId: id,
        claims: async () => ({
          sub: id,
          email: `${id}@example.com`,
          email_verified: true,
          name: `Name of ${id}`,
        }),
      }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      pkce: { required: () => true },
      features: { devInteractions: { enabled: true } },
    })
    provider.proxy = false
    upstream = createServer(provider.callback())
    await new Promise<void>((resolve) => upstream.listen(upstreamPort, '127.0.0.1', resolve))

    poolId = await createPool({ AliasAttributes: ['email'] })
    await admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Upstream',
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: 'portcullis-broker',
          client_secret: 'broker-secret',
          authorize_scopes: 'openid email profile',
          oidc_issuer: issuer,
          attributes_request_method: 'GET',
        },
        AttributeMapping: { email: 'email', email_verified: 'email_verified', name: 'name' },
        IdpIdentifiers: ['upstream.example'],
      }),
    )
    clientId = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: ['http://127.0.0.1/callback'],
        SupportedIdentityProviders: ['COGNITO', 'Upstream'],
      })
    ).clientId
    config = await oidc.discovery(
      new URL(`${endpoint()}/${poolId}`),
      clientId,
      undefined,
      oidc.None(),
      { execute: [oidc.allowInsecureRequests] },
    )
  })

  afterAll(async () => {
    await browser?.close()
    await callback?.close()
    await new Promise((resolve) => upstream?.close(resolve))
  })

  const authorization = async (extra: Record<string, string> = {}) => {
    const verifier = oidc.randomPKCECodeVerifier()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'fed',
      ...extra,
    })
    return { url, verifier }
  }

  /** The upstream's own development login and consent pages. */
  async function signInUpstream(page: Page, login: string): Promise<void> {
    expect(page.url().startsWith(`${issuer}/interaction/`)).toBe(true)
    await page.locator('input[name="login"]').fill(login)
    await page.locator('input[name="password"]').fill('any password')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    await Promise.all([
      page.waitForURL(`${callback.base}/callback**`),
      page.getByRole('button', { name: 'Continue' }).click(),
    ])
  }

  const newContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext()
    // The provider's dev pages pull a web font; there is no need to wait for the internet.
    await context.route(/^https:\/\/fonts\./, (route) => route.abort())
    return context
  }

  it('manages OIDC identity providers and refuses what it cannot honour', async () => {
    expect(
      (
        await admin.send(
          new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Upstream' }),
        )
      ).IdentityProvider,
    ).toMatchObject({
      ProviderType: 'OIDC',
      AttributeMapping: { email: 'email' },
      IdpIdentifiers: ['upstream.example'],
    })
    expect(
      (
        await admin.send(
          new GetIdentityProviderByIdentifierCommand({
            UserPoolId: poolId,
            IdpIdentifier: 'upstream.example',
          }),
        )
      ).IdentityProvider?.ProviderName,
    ).toBe('Upstream')
    const details = {
      client_id: 'x',
      authorize_scopes: 'openid',
      oidc_issuer: 'https://idp.example',
    }
    await expect(
      admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Upstream',
          ProviderType: 'OIDC',
          ProviderDetails: details,
        }),
      ),
    ).rejects.toMatchObject({ name: 'DuplicateProviderException' })
    await expect(
      admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Corporate',
          ProviderType: 'SAML',
          ProviderDetails: { MetadataURL: 'https://idp.example/saml' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Plain',
          ProviderType: 'OIDC',
          ProviderDetails: { ...details, oidc_issuer: 'http://idp.example' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'NoScope',
          ProviderType: 'OIDC',
          ProviderDetails: { ...details, authorize_scopes: 'email' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Mapped',
          ProviderType: 'OIDC',
          ProviderDetails: details,
          AttributeMapping: { 'custom:nope': 'x' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Spare',
        ProviderType: 'OIDC',
        ProviderDetails: details,
      }),
    )
    const updated = await admin.send(
      new UpdateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Spare',
        AttributeMapping: { name: 'name' },
      }),
    )
    expect(updated.IdentityProvider).toMatchObject({
      AttributeMapping: { name: 'name' },
      ProviderDetails: { client_id: 'x' },
    })
    expect(
      (await admin.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }))).Providers?.map(
        (p) => p.ProviderName,
      ),
    ).toEqual(['Spare', 'Upstream'])
    await expect(
      createAppClient(poolId, { SupportedIdentityProviders: ['Nowhere'] }),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await admin.send(
      new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Spare' }),
    )
    await expect(
      admin.send(
        new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Spare' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('signs a browser in through the upstream provider and gives the app Portcullis tokens for the federated user', async () => {
    const { url, verifier } = await authorization({ identity_provider: 'Upstream' })
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(url.href)
    await signInUpstream(page, 'fed-alice')
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: verifier,
      expectedState: 'fed',
    })
    const claims = tokens.claims()!
    expect(claims['cognito:username']).toBe('Upstream_fed-alice')
    expect(claims.email).toBe('fed-alice@example.com')
    expect(claims.identities).toEqual([
      expect.objectContaining({
        userId: 'fed-alice',
        providerName: 'Upstream',
        providerType: 'OIDC',
      }),
    ])
    const stored = await admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Upstream_fed-alice' }),
    )
    expect(stored.UserStatus).toBe('EXTERNAL_PROVIDER')
    expect(stored.UserAttributes?.find((a) => a.Name === 'name')?.Value).toBe('Name of fed-alice')
    // The hosted-UI session now holds the federated user: the next authorization needs no sign-in.
    const again = await authorization()
    await Promise.all([page.waitForURL(`${callback.base}/callback**`), page.goto(again.url.href)])
    expect(
      (
        await oidc.authorizationCodeGrant(config, new URL(page.url()), {
          pkceCodeVerifier: again.verifier,
          expectedState: 'fed',
        })
      ).claims()?.['cognito:username'],
    ).toBe('Upstream_fed-alice')
    // Their password lives upstream: no reset code is sent here.
    await expect(
      publicClient().send(
        new ForgotPasswordCommand({ ClientId: clientId, Username: 'Upstream_fed-alice' }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await context.close()
  })

  it('offers the provider on the hosted sign-in page, and a second sign-in finds the same user', async () => {
    const { url, verifier } = await authorization()
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(url.href)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.getByRole('link', { name: 'Sign in with Upstream' }).click()
    await signInUpstream(page, 'fed-alice')
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: verifier,
      expectedState: 'fed',
    })
    expect(tokens.claims()?.['cognito:username']).toBe('Upstream_fed-alice')
    const users = await admin.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "Upstream_fed-alice"' }),
    )
    expect(users.Users).toHaveLength(1)
    await context.close()
  })

  it('sends an upstream refusal back to the app as access_denied, and refuses a state it did not seal or another browser started', async () => {
    const { url } = await authorization({ identity_provider: 'Upstream' })
    const start = await fetch(url, { redirect: 'manual' })
    expect(start.status).toBe(303)
    const upstreamUrl = new URL(start.headers.get('location')!)
    expect(upstreamUrl.origin).toBe(issuer)
    expect(upstreamUrl.searchParams.get('code_challenge_method')).toBe('S256')
    const state = upstreamUrl.searchParams.get('state')!
    const binding = start.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-pcl-fed='))!
      .split(';')[0]!
    // The same answer in a browser that did not start the sign-in is refused (login CSRF).
    const elsewhere = await fetch(
      `${endpoint()}/oauth2/idpresponse?error=access_denied&state=${encodeURIComponent(state)}`,
      { redirect: 'manual' },
    )
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.headers.get('location')).toBeNull()
    const denied = await fetch(
      `${endpoint()}/oauth2/idpresponse?error=access_denied&state=${encodeURIComponent(state)}`,
      { redirect: 'manual', headers: { cookie: binding } },
    )
    const back = new URL(denied.headers.get('location')!)
    expect(`${back.origin}${back.pathname}`).toBe(`${callback.base}/callback`)
    expect(back.searchParams.get('error')).toBe('access_denied')
    expect(back.searchParams.get('state')).toBe('fed')
    const forged = await fetch(
      `${endpoint()}/oauth2/idpresponse?code=abc&state=${encodeURIComponent(`${state.slice(0, -4)}AAAA`)}`,
      { redirect: 'manual', headers: { cookie: binding } },
    )
    expect(forged.status).toBe(400)
    expect(forged.headers.get('content-type')).toContain('text/html')
    expect(forged.headers.get('location')).toBeNull()
  })

  it('refuses a provider the app client does not offer, back at the client', async () => {
    const narrow = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['http://127.0.0.1/callback'],
        SupportedIdentityProviders: ['COGNITO'],
      })
    ).clientId
    const query = new URLSearchParams({
      client_id: narrow,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${callback.base}/callback`,
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      identity_provider: 'Upstream',
    })
    const response = await fetch(`${endpoint()}/oauth2/authorize?${query}`, { redirect: 'manual' })
    const back = new URL(response.headers.get('location')!)
    expect(back.searchParams.get('error')).toBe('invalid_request')
    expect(back.searchParams.get('state')).toBe('s')
  })

  it('sends a client whose only way in is the provider straight there, and keeps its users off the password pages', async () => {
    const upstreamOnly = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['http://127.0.0.1/callback'],
        SupportedIdentityProviders: ['Upstream'],
      })
    ).clientId
    const query = new URLSearchParams({
      client_id: upstreamOnly,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${callback.base}/callback`,
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })
    const response = await fetch(`${endpoint()}/oauth2/authorize?${query}`, { redirect: 'manual' })
    expect(response.status).toBe(303)
    expect(new URL(response.headers.get('location')!).origin).toBe(issuer)
    expect((await fetch(`${endpoint()}/signup?${query}`)).status).toBe(403)
    const login = await fetch(`${endpoint()}/login?${query}`)
    expect(await login.text()).not.toContain('name="password"')
    const csrfCookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-pcl-csrf='))!
      .split(';')[0]!
    const posted = await fetch(`${endpoint()}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: csrfCookie,
        origin: endpoint(),
      },
      body: new URLSearchParams({
        ...Object.fromEntries(query),
        _csrf: csrfCookie.split('=')[1]!,
        username: 'Upstream_fed-alice',
        password: 'Whatever-Pass-1',
      }),
    })
    expect(posted.status).toBe(403)
  })

  it('links an upstream identity to an existing user, and disables identities again', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'bob',
        MessageAction: 'SUPPRESS',
      }),
    )
    const link = (subject: string, destination = 'bob') =>
      admin.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: poolId,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: destination },
          SourceUser: {
            ProviderName: 'Upstream',
            ProviderAttributeName: 'Cognito_Subject',
            ProviderAttributeValue: subject,
          },
        }),
      )
    // fed-alice signed in on her own before: Cognito does not merge users.
    await expect(link('fed-alice')).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(link('fed-bob', 'nobody-here')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
    await link('fed-bob')
    await expect(link('fed-bob')).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const identities = (
      await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }))
    ).UserAttributes?.find((a) => a.Name === 'identities')?.Value
    expect(JSON.parse(identities!)).toEqual([
      expect.objectContaining({ userId: 'fed-bob', providerName: 'Upstream' }),
    ])

    const signInAs = async (login: string) => {
      const { url, verifier } = await authorization({ identity_provider: 'Upstream' })
      const context = await newContext()
      const page = await context.newPage()
      await page.goto(url.href)
      await signInUpstream(page, login)
      const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
        pkceCodeVerifier: verifier,
        expectedState: 'fed',
      })
      await context.close()
      return tokens.claims()?.['cognito:username']
    }
    expect(await signInAs('fed-bob')).toBe('bob')
    const unlink = (subject: string) =>
      admin.send(
        new AdminDisableProviderForUserCommand({
          UserPoolId: poolId,
          User: {
            ProviderName: 'Upstream',
            ProviderAttributeName: 'Cognito_Subject',
            ProviderAttributeValue: subject,
          },
        }),
      )
    await unlink('fed-bob')
    expect(
      (await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }))).Username,
    ).toBe('bob')
    expect(await signInAs('fed-bob')).toBe('Upstream_fed-bob')
    // Disabling an identity that made its own user deletes that user.
    await unlink('fed-bob')
    await expect(
      admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Upstream_fed-bob' })),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
    await expect(unlink('fed-bob')).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })
})
