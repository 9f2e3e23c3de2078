import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { Runtime } from '../../src/config'
import { PortcullisError } from '../../src/errors/base'
import * as cognito from '../../src/errors/cognito'
import * as gateway from '../../src/errors/gateway'
import * as hostedUi from '../../src/errors/hosted-ui'
import * as iam from '../../src/errors/iam'
import * as oauth from '../../src/errors/oauth'
import { respondHtmlError } from '../../src/errors/respond'
import { accountRoutes } from '../../src/ui/account-routes'
import { loginRoutes } from '../../src/ui/login-routes'
import { mfaRoutes } from '../../src/ui/mfa-routes'

type ErrorClass = { code: string; name: string }
const catalogue = [
  ...Object.values(cognito),
  ...Object.values(oauth),
  ...Object.values(hostedUi),
  ...Object.values(gateway),
  ...Object.values(iam),
]
  .filter((value): value is typeof value & ErrorClass => typeof value === 'function')
  // The roots of the OAuth and gateway errors are abstract like PortcullisError.
  .filter((cls) => cls !== oauth.OAuthError && cls !== gateway.GatewayError)

describe('the error catalogue', () => {
  it('never instantiates its root: PortcullisError is abstract, to the compiler and at run time', () => {
    // @ts-expect-error PortcullisError is abstract: only catalogue errors are thrown.
    expect(() => new PortcullisError('anything')).toThrow(TypeError)
    // @ts-expect-error OAuthError, the root of the OAuth errors, is abstract too.
    expect(() => new oauth.OAuthError('anything')).toThrow(TypeError)
    // Their subclasses are what gets thrown.
    expect(new oauth.InvalidGrant('x')).toBeInstanceOf(PortcullisError)
  })

  it('gives every error class a code of its own', () => {
    for (const cls of catalogue) {
      expect(Object.hasOwn(cls, 'code'), cls.name).toBe(true)
      if (cls !== cognito.InternalErrorException)
        expect(cls.code, cls.name).not.toBe('InternalErrorException')
    }
    const codes = catalogue.map((cls) => cls.code)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it('shows a rejected form as form_expired, 403, on the HTML error page', () => {
    const reply = respondHtmlError(new hostedUi.FormExpired())
    expect(reply.status).toBe(403)
    expect(reply.body).toContain('<code>form_expired</code>')
    expect(reply.body).toContain('The form expired or was not sent from this site.')
    const local = respondHtmlError(new hostedUi.LocalSignInDisabled())
    expect(local.status).toBe(403)
    expect(local.body).toContain('<code>local_sign_in_disabled</code>')
  })

  it('answers every hosted-UI form posted without its CSRF token with that page', async () => {
    const app = new Hono<{ Variables: { runtime: Runtime } }>()
    app.route('/', loginRoutes())
    app.route('/', mfaRoutes())
    app.route('/', accountRoutes())
    const paths = [
      '/login',
      '/login/new-password',
      '/login/mfa',
      '/login/mfa-setup',
      '/signup',
      '/confirm',
      '/confirm/resend',
      '/forgotPassword',
      '/confirmForgotPassword',
    ]
    for (const path of paths) {
      const response = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: 'a'.repeat(43), client_id: 'client' }),
      })
      expect(response.status, path).toBe(403)
      const html = await response.text()
      expect(html, path).toContain('<code>form_expired</code>')
      expect(html, path).not.toContain('InternalErrorException')
    }
  })
})
