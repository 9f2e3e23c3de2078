import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CreateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { adminClient, createAppClient, createPool, endpoint } from './support/clients'
import { freePort, startWorker, type RunningWorker } from './support/worker'

const PASSWORD = 'Gateway-Web-42'

/**
 * Real Chromium through a protected site: the gateway Worker sends the browser to the provider's
 * hosted UI (the suite's Worker), completes the code exchange, keeps the session server-side behind
 * an id cookie, and proxies to a local origin that shows what identity it received.
 */
describe('edge gateway browser sessions in Chromium', () => {
  let browser: Browser
  let origin: Server
  let originUrl: string
  let gateway: RunningWorker
  let poolId: string

  beforeAll(async () => {
    browser = await launchChromium()
    const port = await freePort()
    origin = createServer((request, response) => {
      if (request.url === '/bye')
        return void response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<h1>Signed out</h1>')
      const identity = {
        path: request.url,
        user: request.headers['x-user'],
        groups: request.headers['x-portcullis-groups'],
        token: request.headers['x-amzn-oidc-accesstoken'],
        cookie: request.headers.cookie,
      }
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<pre id="identity">${JSON.stringify(identity satisfies Record<string, IncomingHttpHeaders[string] | string | undefined>)}</pre>`,
        )
    })
    await new Promise<void>((resolve) => origin.listen(port, '127.0.0.1', resolve))
    originUrl = `http://127.0.0.1:${port}`
    poolId = await createPool()
    const { clientId } = await createAppClient(poolId, {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: ['http://localhost/_gateway/callback'],
      LogoutURLs: [`${originUrl}/bye`],
      AccessTokenValidity: 5,
      TokenValidityUnits: { AccessToken: 'minutes' },
    })
    await adminClient().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff' }))
    // erin's attributes make her tokens large; the session cookie stays an id all the same.
    const long = (seed: string) => seed.repeat(Math.ceil(1800 / seed.length)).slice(0, 1800)
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'erin',
        MessageAction: 'SUPPRESS',
        UserAttributes: ['name', 'nickname', 'profile', 'website', 'address'].map((Name) => ({
          Name,
          Value: long(`${Name}-erin-`),
        })),
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'erin',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    for (const username of ['carol', 'dan']) {
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
    await adminClient().send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'carol', GroupName: 'staff' }),
    )
    gateway = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          providers: {
            web: {
              issuer: `${endpoint()}/${poolId}`,
              clientIds: [clientId],
              scopes: ['openid', 'email'],
            },
          },
          routes: [
            {
              path: '/app/*',
              origin: originUrl,
              provider: 'web',
              unauthenticated: 'authenticate',
              headers: { username: 'x-user' },
            },
            {
              path: '/app/staff/*',
              origin: originUrl,
              provider: 'web',
              unauthenticated: 'authenticate',
              require: { groupsAnyOf: ['staff'] },
            },
          ],
          // Refresh on every request: the test sees silent refresh and revocation at once.
          session: { postLogoutRedirect: `${originUrl}/bye`, refreshMarginSeconds: 300 },
        }),
      },
    })
  })

  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  async function signIn(
    context: BrowserContext,
    username: string,
    path = '/app/page?x=1',
  ): Promise<Page> {
    const page = await context.newPage()
    await page.goto(`${gateway.appEndpoint}${path}`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.getByLabel('Username or email').fill(username)
    await page.getByLabel('Password').fill(PASSWORD)
    await Promise.all([
      page.waitForURL(`${gateway.appEndpoint}/app/**`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    return page
  }

  const identityOn = async (page: Page) =>
    JSON.parse((await page.locator('#identity').textContent()) ?? '{}') as Record<
      string,
      string | undefined
    >

  it('signs in through the hosted UI, returns to the page asked for, and the origin sees who it is', async () => {
    const context = await browser.newContext()
    const page = await signIn(context, 'carol')
    expect(page.url()).toBe(`${gateway.appEndpoint}/app/page?x=1`)
    const first = await identityOn(page)
    expect(first).toMatchObject({ path: '/app/page?x=1', user: 'carol', groups: 'staff' })
    // The gateway's own (sealed-token) cookies never reach the origin.
    expect(first.cookie ?? '').not.toContain('pcl-gw')
    const cookies = await context.cookies(gateway.appEndpoint)
    const session = cookies.find((c) => c.name.startsWith('__Host-pcl-gw-session'))
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })
    // Silent refresh: the next request carries a new access token without another sign-in.
    await page.goto(`${gateway.appEndpoint}/app/other`)
    const second = await identityOn(page)
    expect(second.user).toBe('carol')
    expect(second.token).not.toBe(first.token)
    expect((await page.goto(`${gateway.appEndpoint}/app/staff/board`))?.status()).toBe(200)
    await context.close()
  })

  it('answers 403 on a group-restricted route and never forwards a forged identity header', async () => {
    const context = await browser.newContext({
      extraHTTPHeaders: { 'x-user': 'carol', 'x-amzn-oidc-identity': 'forged' },
    })
    const page = await signIn(context, 'dan')
    expect((await identityOn(page)).user).toBe('dan')
    expect((await page.goto(`${gateway.appEndpoint}/app/staff/board`))?.status()).toBe(403)
    await context.close()
  })

  it('honours revocation: after a global sign-out the next request goes back to sign-in', async () => {
    const context = await browser.newContext()
    const page = await signIn(context, 'dan')
    await adminClient().send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'dan' }),
    )
    await page.goto(`${gateway.appEndpoint}/app/again`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await context.close()
  })

  it('logs out of the gateway and the provider, then asks for a password again', async () => {
    const context = await browser.newContext()
    const page = await signIn(context, 'carol')
    await page.goto(`${gateway.appEndpoint}/_gateway/logout`)
    expect(page.url()).toBe(`${originUrl}/bye`)
    expect(
      (await context.cookies(gateway.appEndpoint)).some(
        (c) => c.name.startsWith('__Host-pcl-gw-session') && c.value,
      ),
    ).toBe(false)
    await page.goto(`${gateway.appEndpoint}/app/page`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await context.close()
  })

  it('keeps even a large session behind one small cookie that holds only an id', async () => {
    const context = await browser.newContext()
    const page = await signIn(context, 'erin')
    const ours = (await context.cookies(gateway.appEndpoint)).filter((c) =>
      c.name.startsWith('__Host-pcl-gw-session'),
    )
    expect(ours.map((c) => c.name)).toEqual(['__Host-pcl-gw-session'])
    expect(ours[0]!.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await identityOn(page)).user).toBe('erin')
    await page.goto(`${gateway.appEndpoint}/app/again`)
    expect((await identityOn(page)).user).toBe('erin')
    await context.close()
  })

  it('refuses a callback it did not start', async () => {
    const stray = await fetch(`${gateway.appEndpoint}/_gateway/callback?code=abc&state=xyz`, {
      redirect: 'manual',
    })
    expect(stray.status).toBe(400)
    expect(stray.headers.get('location')).toBeNull()
  })
})
