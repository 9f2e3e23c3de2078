import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CookieJar, signInThroughGateway } from '../support/cookie-jar'
import { APP, testApp, type TestApp } from './support/app'

const PASSWORD = 'Gateway-Unit-Pass-42'

/**
 * The gateway in front of a pool of the same Worker (`self:`), in process: bearer tokens and
 * browser sessions, with every time rule (token expiry, silent refresh, idle and absolute session
 * ends) driven by the injected clock rather than waited for.
 */
describe('gateway sessions and bearer tokens (in process, injected clock)', () => {
  let origin: Server
  let originUrl: string
  const seen: IncomingHttpHeaders[] = []
  let app: TestApp
  let clientId: string
  let poolId: string

  beforeAll(async () => {
    origin = createServer((request, response) => {
      seen.push(request.headers)
      response.writeHead(200).end(`origin saw ${request.url}`)
    })
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
    const address = origin.address()
    originUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })

  afterAll(async () => {
    await new Promise((resolve) => origin.close(resolve))
  })

  beforeEach(async () => {
    const setup = testApp()
    poolId = (
      (await setup.admin('CreateUserPool', { PoolName: 'gw' })) as { UserPool: { Id: string } }
    ).UserPool.Id
    clientId = (
      (await setup.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['http://localhost/_gateway/callback'],
        SupportedIdentityProviders: ['COGNITO'],
        AccessTokenValidity: 5,
        TokenValidityUnits: { AccessToken: 'minutes' },
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
    await setup.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'gus',
      MessageAction: 'SUPPRESS',
    })
    await setup.admin('AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: 'gus',
      Password: PASSWORD,
      Permanent: true,
    })
    app = setup.withVariables({
      GATEWAY_CONFIG: JSON.stringify({
        providers: {
          pool: {
            issuer: `self:${poolId}`,
            clientIds: [clientId],
            scopes: ['openid'],
            clockSkewSeconds: 0,
          },
        },
        routes: [
          { path: '/app/*', origin: originUrl, provider: 'pool', unauthenticated: 'authenticate' },
          { path: '/api/*', origin: originUrl, provider: 'pool', unauthenticated: 'deny' },
        ],
      }),
    })
  })

  const accessToken = async () => {
    const response = await app.call('InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'gus', PASSWORD },
    })
    return ((await response.json()) as { AuthenticationResult: { AccessToken: string } })
      .AuthenticationResult.AccessToken
  }

  it('takes a bearer token until it expires, to the second', async () => {
    const token = await accessToken()
    const call = () =>
      app.fetch(`${APP}/api/orders`, { headers: { authorization: `Bearer ${token}` } })
    expect((await call()).status).toBe(200)
    app.advance(5 * 60_000 - 1_000)
    expect((await call()).status).toBe(200)
    app.advance(2_000)
    const expired = await call()
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token')
  })

  it('refreshes a browser session silently before the access token expires', async () => {
    const jar = new CookieJar(app.fetch)
    await signInThroughGateway(jar, `${APP}/app/home`, 'gus', PASSWORD)
    expect((await jar.fetch(`${APP}/app/a`)).status).toBe(200)
    const before = seen.at(-1)!['x-amzn-oidc-accesstoken']
    // Inside the default 60 s refresh margin: the next request refreshes first.
    app.advance(4 * 60_000 + 30_000)
    expect((await jar.fetch(`${APP}/app/b`)).status).toBe(200)
    expect(seen.at(-1)!['x-amzn-oidc-accesstoken']).not.toBe(before)
  })

  it('ends a session after an hour idle, and after twelve hours however busy', async () => {
    const jar = new CookieJar(app.fetch)
    await signInThroughGateway(jar, `${APP}/app/home`, 'gus', PASSWORD)
    app.advance(60 * 60_000 + 1_000)
    expect((await jar.fetch(`${APP}/app/a`)).status).toBe(303)
    const busy = new CookieJar(app.fetch)
    await signInThroughGateway(busy, `${APP}/app/home`, 'gus', PASSWORD)
    for (let i = 0; i < 12; i++) {
      app.advance(59 * 60_000)
      expect((await busy.fetch(`${APP}/app/a`)).status).toBe(200)
    }
    app.advance(59 * 60_000)
    expect((await busy.fetch(`${APP}/app/a`)).status).toBe(303)
  })

  it('ends the session at the next refresh after a global sign-out', async () => {
    const jar = new CookieJar(app.fetch)
    await signInThroughGateway(jar, `${APP}/app/home`, 'gus', PASSWORD)
    app.advance(1_000)
    await app.admin('AdminUserGlobalSignOut', { UserPoolId: poolId, Username: 'gus' })
    // Until the access token needs refreshing it still vouches; then the refresh is refused.
    expect((await jar.fetch(`${APP}/app/a`)).status).toBe(200)
    app.advance(4 * 60_000 + 30_000)
    const after = await jar.fetch(`${APP}/app/a`)
    expect(after.status).toBe(303)
    expect(after.headers.get('location')).toContain('/oauth2/authorize')
  })
})
