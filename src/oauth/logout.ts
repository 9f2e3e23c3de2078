import type { Hono } from 'hono'
import type { Runtime } from '../config'
import { NO_STORE_HEADERS } from '../errors/respond'
import { clearCookie, COOKIES } from '../http/cookies'
import { resolveLogout } from '../userpool/oauth/logout'
import { endSsoSession } from '../userpool/oauth/sso-sessions'
import { browserEndpoint } from './browser-endpoint'

/** GET/POST /logout: ends the hosted-UI session server-side, clears the cookie, redirects if asked. */
export function logoutRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  return browserEndpoint('/logout', COOKIES.sso, async ({ params, cookie, runtime, issuer }) => {
    const target = await resolveLogout(runtime.services, params, issuer)
    await endSsoSession(runtime.services, target.pool, cookie)
    const clear = clearCookie(COOKIES.sso)
    if (target.redirect)
      return new Response(null, {
        status: 303,
        headers: { location: target.redirect, 'set-cookie': clear, ...NO_STORE_HEADERS },
      })
    return new Response(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head><body><main><h1>You are signed out</h1></main></body></html>',
      {
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'set-cookie': clear,
          ...NO_STORE_HEADERS,
          'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        },
      },
    )
  })
}
