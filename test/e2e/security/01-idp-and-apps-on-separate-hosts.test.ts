import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { freePort, startWorker, type RunningWorker } from '../support/worker'

const PASSWORD = 'Separate-Hosts-42'

/**
 * The identity provider and the apps it protects never share a host. One Worker serves both
 * here, as `npm start` does: the IdP on 127.0.0.1, the gateway's app on localhost (browsers keep
 * cookies apart by host name, not port). A script on a proxied page must not be able to reach
 * the IdP same-origin, and no IdP cookie may ever reach an origin.
 */
describe('security review 01: the IdP and proxied apps live on separate hosts', () => {
  let browser: Browser
  let origin: Server
  let worker: RunningWorker
  let clientId: string
  let poolId: string
  const originRequests: Array<{ url: string; headers: IncomingHttpHeaders }> = []

  beforeAll(async () => {
    browser = await launchChromium()
    const originPort = await freePort()
    origin = createServer((request, response) => {
      originRequests.push({ url: request.url ?? '', headers: request.headers })
      if (request.url === '/echo')
        return void response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ headers: request.headers }))
      if (request.url === '/evil') {
        // What any script on any proxied page could try: a same-origin silent authorization.
        const params = new URLSearchParams({
          client_id: clientId,
          response_type: 'code',
          redirect_uri: `${worker.appEndpoint}/cb`,
          scope: 'openid',
          prompt: 'none',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        })
        return void response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html>
<pre id="result">pending</pre>
<script>
fetch('/oauth2/authorize?${params}', { credentials: 'include' })
  .then((r) => { document.getElementById('result').textContent = r.status + ' ' + r.url })
  .catch((e) => { document.getElementById('result').textContent = 'failed ' + e })
</script>`)
      }
      response.writeHead(200, { 'content-type': 'text/html' }).end('<h1 id="app">app</h1>')
    })
    await new Promise<void>((resolve) => origin.listen(originPort, '127.0.0.1', resolve))
    worker = await startWorker()
    const admin = new CognitoIdentityProviderClient({
      endpoint: worker.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
      maxAttempts: 1,
    })
    poolId = (await admin.send(new CreateUserPoolCommand({ PoolName: 'separate-hosts' }))).UserPool!
      .Id!
    clientId = (
      await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          AllowedOAuthFlows: ['code'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: ['http://localhost/_gateway/callback', 'http://localhost/cb'],
          SupportedIdentityProviders: ['COGNITO'],
        }),
      )
    ).UserPoolClient!.ClientId!
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'victim',
        MessageAction: 'SUPPRESS',
      }),
    )
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'victim',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const originUrl = `http://127.0.0.1:${originPort}`
    await worker.restart({
      GATEWAY_CONFIG: JSON.stringify({
        providers: {
          pool: { issuer: `self:${poolId}`, clientIds: [clientId], scopes: ['openid'] },
        },
        routes: [
          { path: '/app/*', origin: originUrl, provider: 'pool', unauthenticated: 'authenticate' },
          { path: '/evil', origin: originUrl, unauthenticated: 'allow' },
          { path: '/echo', origin: originUrl, unauthenticated: 'allow' },
          { path: '/cb', origin: originUrl, unauthenticated: 'allow' },
        ],
      }),
    })
  })

  afterAll(async () => {
    await browser?.close()
    await worker?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  it('answers IdP paths only on the auth host: an app host says 404 and never runs them', async () => {
    const app = worker.appEndpoint
    const authorize = `/oauth2/authorize?client_id=${clientId}&response_type=code&redirect_uri=http://localhost/cb&scope=openid`
    for (const path of [
      authorize,
      '/login',
      `/${poolId}/.well-known/openid-configuration`,
      '/oauth2/token',
    ])
      expect((await fetch(`${app}${path}`, { redirect: 'manual' })).status, path).toBe(404)
    const api = await fetch(`${app}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: {},
      }),
    })
    expect(api.status).toBe(404)
    // And the auth host never proxies: the route table does not exist there.
    const before = originRequests.length
    expect((await fetch(`${worker.endpoint}/echo`)).status).toBe(404)
    expect((await fetch(`${worker.endpoint}/app/x`, { redirect: 'manual' })).status).toBe(404)
    expect(originRequests.length).toBe(before)
    // The IdP itself works where it lives.
    expect(
      (await fetch(`${worker.endpoint}/${poolId}/.well-known/openid-configuration`)).status,
    ).toBe(200)
  })

  it('never forwards a Portcullis cookie to an origin, whichever cookie it is', async () => {
    const response = await fetch(`${worker.appEndpoint}/echo`, {
      headers: {
        cookie:
          'app=1; __Host-pcl-sso=stolen; __Host-pcl-csrf=x; __Host-pcl-fed=y; __Host-pcl-gw-session=z; __Host-pcl-gw-flow=w; other=2',
      },
    })
    const { headers } = (await response.json()) as { headers: IncomingHttpHeaders }
    expect(headers.cookie).toBe('app=1; other=2')
  })

  it('leaves a script on a proxied page no way to get an authorization code for its visitor', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${worker.appEndpoint}/app/home`)
    const signInHost = new URL(page.url()).host
    await page.getByLabel('Username or email').fill('victim')
    await page.getByLabel('Password').fill(PASSWORD)
    await Promise.all([
      page.waitForURL(`${worker.appEndpoint}/app/**`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await page.goto(`${worker.appEndpoint}/evil`)
    await expect.poll(() => page.locator('#result').textContent()).not.toBe('pending')
    const result = (await page.locator('#result').textContent()) ?? ''
    expect(result).not.toContain('code=')
    expect(result.startsWith('404 ')).toBe(true)
    // The sign-in form was on the auth host, not the app's.
    expect(signInHost).toBe(new URL(worker.endpoint).host)
    await context.close()
  })

  it('refuses a route table that puts a route on the auth host', async () => {
    const mixed = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          routes: [
            {
              host: '127.0.0.1',
              path: '/*',
              origin: 'https://origin.invalid',
              unauthenticated: 'allow',
            },
          ],
        }),
      },
    })
    try {
      const response = await fetch(`${mixed.appEndpoint}/anything`)
      expect(response.status).toBe(500)
      expect(await response.json()).toMatchObject({ error: 'gateway_misconfigured' })
      // wrangler relays the Worker's console a moment after the answer.
      await expect.poll(() => mixed.log(), { timeout: 15_000 }).toContain('is an auth host')
    } finally {
      await mixed.stop()
    }
  })
})
