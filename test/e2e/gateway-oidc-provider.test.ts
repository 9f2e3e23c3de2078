import { createServer, type Server } from 'node:http'
import Provider from 'oidc-provider'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { freePort, startWorker, type RunningWorker } from './support/worker'

const API_RESOURCE = 'https://api.example'

/**
 * Another OIDC provider, not Portcullis: panva's oidc-provider on a loopback port. The gateway
 * discovers it like any issuer: JWKS from its discovery document (it lives at /jwks, not at
 * Cognito's path), RFC 9068 JWT access tokens from client_credentials for APIs, and, for browsers,
 * its own login and consent pages, opaque access tokens and rotating refresh tokens.
 */
describe('edge gateway in front of another OIDC provider (oidc-provider)', () => {
  let browser: Browser
  let origin: Server
  let upstream: Server
  let issuer: string
  let gateway: RunningWorker

  beforeAll(async () => {
    browser = await launchChromium()
    const originPort = await freePort()
    origin = createServer((request, response) => {
      const identity = {
        path: request.url,
        sub: request.headers['x-amzn-oidc-identity'],
        user: request.headers['x-user'],
        email: request.headers['x-email'],
        token: request.headers['x-amzn-oidc-accesstoken'],
      }
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<pre id="identity">${JSON.stringify(identity)}</pre>`)
    })
    await new Promise<void>((resolve) => origin.listen(originPort, '127.0.0.1', resolve))
    const originUrl = `http://127.0.0.1:${originPort}`
    const upstreamPort = await freePort()
    issuer = `http://127.0.0.1:${upstreamPort}`
    gateway = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          providers: {
            web: {
              issuer,
              clientIds: ['gateway-web'],
              clientSecret: 'web-secret',
              scopes: ['openid', 'email'],
            },
            api: {
              issuer,
              clientIds: ['api-client'],
              tokenUse: ['access'],
              clockSkewSeconds: 0,
            },
          },
          routes: [
            {
              path: '/app/*',
              origin: originUrl,
              provider: 'web',
              unauthenticated: 'authenticate',
              headers: { sub: 'x-user', email: 'x-email' },
            },
            {
              path: '/api/*',
              origin: originUrl,
              provider: 'api',
              unauthenticated: 'deny',
              require: { scopes: ['api:read'] },
            },
          ],
          // Refresh on every request, so one test sees the provider's refresh tokens rotate.
          session: { refreshMarginSeconds: 3600 },
        }),
      },
    })
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'gateway-web',
          client_secret: 'web-secret',
          redirect_uris: [`${gateway.appEndpoint}/_gateway/callback`],
          post_logout_redirect_uris: [`${gateway.appEndpoint}/`],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        },
        ...['api-client', 'stranger'].map((id) => ({
          client_id: id,
          client_secret: `${id}-secret`,
          grant_types: ['client_credentials'],
          response_types: [],
          redirect_uris: [],
        })),
      ],
      findAccount: async (_context: unknown, id: string) => ({
        accountId: id,
        claims: async () => ({ sub: id, email: `${id}@example.com`, email_verified: true }),
      }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      // Put the email in the ID token too (the gateway reads the ID token; it does not call userinfo).
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      issueRefreshToken: async (
        _context: unknown,
        client: { grantTypeAllowed(type: string): boolean },
      ) => client.grantTypeAllowed('refresh_token'),
      features: {
        devInteractions: { enabled: true },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => API_RESOURCE,
          useGrantedResource: () => false,
          getResourceServerInfo: (
            _context: unknown,
            _resource: string,
            _client: { clientId: string },
          ) => ({
            scope: 'api:read',
            audience: API_RESOURCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 300,
          }),
        },
      },
    })
    provider.proxy = false
    upstream = createServer(provider.callback())
    await new Promise<void>((resolve) => upstream.listen(upstreamPort, '127.0.0.1', resolve))
  })

  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
    await new Promise((resolve) => upstream?.close(resolve))
  })

  const clientCredentials = async (clientId: string): Promise<string> => {
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientId}-secret`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'api:read',
        resource: API_RESOURCE,
      }).toString(),
    })
    const json = (await response.json()) as { access_token?: string; error?: string }
    if (!json.access_token)
      throw new Error(`client_credentials for ${clientId}: ${JSON.stringify(json)}`)
    return json.access_token
  }

  // Expiry to the second is a time rule, tested on an injected clock: test/unit/gateway-sessions.test.ts.
  it('accepts its RFC 9068 access tokens (keys found through discovery) and refuses other clients’', async () => {
    const token = await clientCredentials('api-client')
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).typ).toBe('at+jwt')
    const ok = await fetch(`${gateway.appEndpoint}/api/orders`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('"sub":"api-client"')
    const stranger = await fetch(`${gateway.appEndpoint}/api/orders`, {
      headers: { authorization: `Bearer ${await clientCredentials('stranger')}` },
    })
    expect(stranger.status).toBe(401)
    expect(stranger.headers.get('www-authenticate')).toContain('invalid_token')
  })

  async function signIn(context: BrowserContext) {
    // The provider's dev pages pull a web font; there is no need to wait for the internet.
    await context.route(/^https:\/\/fonts\./, (route) => route.abort())
    const page = await context.newPage()
    await page.goto(`${gateway.appEndpoint}/app/page?x=1`)
    expect(page.url().startsWith(`${issuer}/interaction/`)).toBe(true)
    await page.locator('input[name="login"]').fill('olivia')
    await page.locator('input[name="password"]').fill('any password')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    await Promise.all([
      page.waitForURL(`${gateway.appEndpoint}/app/**`),
      page.getByRole('button', { name: 'Continue' }).click(),
    ])
    return page
  }

  it('signs a browser in through the provider’s own pages, with opaque access tokens refreshed silently', async () => {
    const context = await browser.newContext()
    const page = await signIn(context)
    expect(page.url()).toBe(`${gateway.appEndpoint}/app/page?x=1`)
    const first = JSON.parse((await page.locator('#identity').textContent()) ?? '{}') as Record<
      string,
      string
    >
    expect(first).toMatchObject({
      path: '/app/page?x=1',
      sub: 'olivia',
      user: 'olivia',
      email: 'olivia@example.com',
    })
    expect(first.token).toBeTruthy()
    expect(first.token!.split('.')).toHaveLength(1)
    await page.goto(`${gateway.appEndpoint}/app/next`)
    const second = JSON.parse((await page.locator('#identity').textContent()) ?? '{}') as Record<
      string,
      string
    >
    expect(second.user).toBe('olivia')
    expect(second.token).not.toBe(first.token)
    await context.close()
  })

  it('logs out of the gateway and sends the browser to the provider’s end_session_endpoint', async () => {
    const context = await browser.newContext()
    const page = await signIn(context)
    await page.goto(`${gateway.appEndpoint}/_gateway/logout`)
    const at = new URL(page.url())
    expect(at.origin).toBe(issuer)
    expect(at.pathname).toBe('/session/end')
    expect(
      (await context.cookies(gateway.appEndpoint)).some(
        (c) => c.name.startsWith('__Host-pcl-gw-session') && c.value,
      ),
    ).toBe(false)
    // The provider asks before ending its own session, then returns to the gateway's origin.
    await Promise.all([
      page.waitForURL(`${gateway.appEndpoint}/`),
      page.getByRole('button', { name: 'Yes, sign me out' }).click(),
    ])
    await page.goto(`${gateway.appEndpoint}/app/page`)
    expect(page.url().startsWith(`${issuer}/interaction/`)).toBe(true)
    expect(await page.locator('input[name="login"]').count()).toBe(1)
    await context.close()
  })
})
