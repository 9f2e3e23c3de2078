import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { adminClient, createAppClient, createPool, endpoint } from '../support/clients'
import { CookieJar, signInThroughGateway } from '../../support/cookie-jar'
import { forwardAuthServer, nginxAvailable, startNginx, type RunningNginx } from '../support/nginx'
import { freePort, startWorker, type RunningWorker } from '../support/worker'

const PASSWORD = 'Refresh-Pass-42'

/**
 * Gateway sessions must outlive their silent refreshes. The client rotates refresh tokens with no
 * grace period (the strictest setting), and the gateway refreshes on every request (a refresh
 * margin longer than the token's life), so every request below is a refresh: in parallel, none may
 * trip reuse detection; behind stock nginx forward auth, no answer may outgrow nginx's buffers.
 */
describe('security review 08: gateway sessions survive parallel refreshes and nginx', () => {
  let browser: Browser
  let origin: Server
  let gateway: RunningWorker
  let nginx: RunningNginx | undefined
  const seen: IncomingHttpHeaders[] = []

  beforeAll(async () => {
    browser = await launchChromium()
    const originPort = await freePort()
    origin = createServer((request, response) => {
      seen.push(request.headers)
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<pre id="who">${String(request.headers['x-amzn-oidc-identity'] ?? 'nobody')}</pre>`)
    })
    await new Promise<void>((resolve) => origin.listen(originPort, '127.0.0.1', resolve))
    const poolId = await createPool()
    const { clientId } = await createAppClient(poolId, {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: ['http://localhost/_gateway/callback'],
      SupportedIdentityProviders: ['COGNITO'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
    })
    for (const username of ['parallel', 'behind-nginx']) {
      await adminClient().send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          MessageAction: 'SUPPRESS',
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
    }
    const originUrl = `http://127.0.0.1:${originPort}`
    gateway = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          forwardAuth: { proxy: 'nginx', trustedAddresses: ['127.0.0.1'] },
          providers: {
            web: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId], scopes: ['openid'] },
          },
          routes: [
            { path: '/app/*', origin: originUrl, provider: 'web', unauthenticated: 'authenticate' },
          ],
          session: { refreshMarginSeconds: 86_400 },
        }),
      },
    })
    if (nginxAvailable)
      nginx = await startNginx(() =>
        forwardAuthServer({ gateway: gateway.appEndpoint, origin: originUrl }),
      )
  })

  afterAll(async () => {
    await browser?.close()
    await nginx?.stop()
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  it('refreshes once for a burst of parallel requests, and the session lives on', async () => {
    const jar = new CookieJar()
    const page = `${gateway.appEndpoint}/app/page`
    expect(await signInThroughGateway(jar, page, 'parallel', PASSWORD)).toBe(page)
    const burst = await Promise.all(Array.from({ length: 10 }, () => jar.fetch(page)))
    expect(burst.map((response) => response.status)).toEqual(Array(10).fill(200))
    const before = seen.length
    for (let i = 0; i < 3; i++) expect((await jar.fetch(page)).status).toBe(200)
    // Every one of these was a refresh (a rotation of the refresh token), not a cached answer.
    const tokens = seen.slice(before).map((headers) => headers['x-amzn-oidc-accesstoken'])
    expect(new Set(tokens).size).toBe(3)
    // The cookie is an id: it stays the same through every refresh.
    expect(jar.get(page, '__Host-pcl-gw-session')).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it.skipIf(!nginxAvailable)(
    'answers stock nginx within its buffers refresh after refresh (signed in at the gateway)',
    async () => {
      // Browsers keep cookies by host name: a session made on localhost:<gateway> is sent to
      // localhost:<nginx> too, so nginx's forward auth sees it on every request.
      const jar = new CookieJar()
      const direct = `${gateway.appEndpoint}/app/page`
      await signInThroughGateway(jar, direct, 'parallel', PASSWORD)
      const viaNginx = `http://localhost:${nginx!.port}/app/page`
      for (let i = 0; i < 5; i++) {
        const response = await fetch(viaNginx, {
          headers: { cookie: jar.header(direct) },
          redirect: 'manual',
        })
        expect(response.status).toBe(200)
        expect(await response.text()).not.toContain('nobody')
      }
      expect(nginx!.errors()).not.toContain('too big header')
    },
  )

  it.skipIf(!nginxAvailable)(
    'keeps a browser signed in behind stock nginx forward auth, refresh after refresh',
    async () => {
      const context = await browser.newContext()
      const page = await context.newPage()
      const app = `http://localhost:${nginx!.port}`
      await page.goto(`${app}/app/home`)
      // nginx sent the browser to the gateway's sign-in, which sent it to the hosted UI.
      expect(new URL(page.url()).pathname).toBe('/login')
      await page.getByLabel('Username or email').fill('behind-nginx')
      await page.getByLabel('Password').fill(PASSWORD)
      await Promise.all([
        page.waitForURL(`${app}/app/**`),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ])
      const who = await page.locator('#who').textContent()
      expect(who).not.toBe('nobody')
      for (let i = 0; i < 5; i++) {
        const response = await page.goto(`${app}/app/page-${i}`)
        expect(response?.status()).toBe(200)
        expect(await page.locator('#who').textContent()).toBe(who)
      }
      expect(nginx!.errors()).not.toContain('too big header')
      await context.close()
    },
  )
})
