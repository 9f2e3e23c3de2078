import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { cognitoJsonApi } from '../../src/api/dispatcher'
import type { Runtime } from '../../src/config'
import { authorizeRoutes } from '../../src/oauth/authorize'
import { logoutRoutes } from '../../src/oauth/logout'
import { tokenRoutes } from '../../src/oauth/token'
import { userInfoRoutes } from '../../src/oauth/userinfo'
import { loginRoutes } from '../../src/ui/login-routes'
import { poolWithClient, testServices } from './support/user-pool'

const REDIRECT = 'https://app.example/callback'

/** The routers as the identity provider mounts them, on memory stores. */
async function idp() {
  const { services } = testServices()
  const resolved = await poolWithClient(
    services,
    {},
    {
      CallbackURLs: [REDIRECT],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      SupportedIdentityProviders: ['COGNITO'],
    },
  )
  const runtime = { services, publicOrigin: undefined, adminKeys: new Map() } as unknown as Runtime
  const app = new Hono<{ Variables: { runtime: Runtime } }>()
  app.use('*', async (c, next) => {
    c.set('runtime', runtime)
    await next()
  })
  app.route('/', cognitoJsonApi())
  for (const routes of [authorizeRoutes(), tokenRoutes(), userInfoRoutes(), logoutRoutes()])
    app.route('/', routes)
  app.route('/', loginRoutes())
  app.get('/unmounted', () => {
    throw new Error('not one of the routers')
  })
  return { app, clientId: resolved.client.ClientId }
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields),
})

describe('each router answers what its handlers throw on its own wire', () => {
  it('the token endpoint: OAuth JSON, never cached, WWW-Authenticate on invalid_client', async () => {
    const { app } = await idp()
    const wrongType = await app.request('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(wrongType.status).toBe(400)
    expect(wrongType.headers.get('content-type')).toBe('application/json')
    expect(wrongType.headers.get('cache-control')).toBe('no-store')
    expect(wrongType.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await wrongType.json()).toMatchObject({ error: 'invalid_request' })
    const badBasic = await app.request(
      '/oauth2/token',
      form({ grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }),
    )
    expect(badBasic.status).toBe(401)
    expect(badBasic.headers.get('www-authenticate')).toBe('Basic realm="portcullis"')
    expect(await badBasic.json()).toMatchObject({ error: 'invalid_client' })
  })

  it('userInfo: a missing bearer token is invalid_token with RFC 6750 WWW-Authenticate', async () => {
    const { app } = await idp()
    const response = await app.request('/oauth2/userInfo')
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(await response.json()).toMatchObject({ error: 'invalid_token' })
  })

  it('authorize: a bad request is the HTML error page, a redirectable error goes to the client', async () => {
    const { app, clientId } = await idp()
    const repeated = await app.request('/oauth2/authorize?client_id=a&client_id=b')
    expect(repeated.status).toBe(400)
    expect(repeated.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(repeated.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(repeated.headers.get('cache-control')).toBe('no-store')
    expect(await repeated.text()).toContain('<code>invalid_request</code>')
    const unknownClient = await app.request(
      `/oauth2/authorize?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    )
    expect(unknownClient.status).toBeGreaterThanOrEqual(400)
    expect(unknownClient.headers.get('location')).toBeNull()
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'openid',
      prompt: 'none',
      state: 's1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })
    const silent = await app.request(`/oauth2/authorize?${query}`)
    expect(silent.status).toBe(303)
    const location = new URL(silent.headers.get('location')!)
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
    expect(location.searchParams.get('error')).toBe('login_required')
    expect(location.searchParams.get('state')).toBe('s1')
    expect(silent.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('logout and the hosted UI: the HTML error page', async () => {
    const { app } = await idp()
    const logout = await app.request('/logout')
    expect(logout.status).toBe(400)
    expect(await logout.text()).toContain('<code>invalid_request</code>')
    // POST reads the form, GET the query: the same errors either way.
    const posted = await app.request('/logout', form({ logout_uri: 'https://app.example/' }))
    expect(posted.status).toBe(400)
    expect(await posted.text()).toContain('client_id or id_token_hint is required')
    const login = await app.request('/login', form({ _csrf: 'x'.repeat(43) }))
    expect(login.status).toBe(403)
    expect(await login.text()).toContain('<code>form_expired</code>')
  })

  it('the JSON API: AWS JSON with the error type, the request id and CORS', async () => {
    const { app } = await idp()
    const response = await app.request('/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.NoSuchOperation',
      },
      body: '{}',
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' })
  })

  it('keeps each handler to its router: a route of the parent is not answered by them', async () => {
    const { app } = await idp()
    // The parent's default handler logs what it caught; that line is expected here.
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const response = await app.request('/unmounted')
    log.mockRestore()
    expect(response.status).toBe(500)
    expect(response.headers.get('content-type')).not.toContain('html')
    expect(response.headers.get('x-amzn-errortype')).toBeNull()
  })
})
