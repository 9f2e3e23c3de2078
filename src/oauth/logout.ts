import { Hono } from 'hono'
import type { Runtime } from '../config'
import { NO_STORE_HEADERS } from '../errors/respond'
import { clearCookie, COOKIES, readCookies } from '../http/cookies'
import { browserErrors } from '../http/error-handlers'
import { resolveLogout } from '../userpool/oauth/logout'
import { endSsoSession } from '../userpool/oauth/sso-sessions'
import { readRequestParams } from '../http/request-params'

/** GET/POST /logout: ends the hosted-UI session server-side, clears the cookie, redirects if asked. */
export function logoutRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(browserErrors)
  const handle = async (
    request: Request,
    params: Record<string, string | undefined>,
    cookie: string | undefined,
    runtime: Runtime,
  ): Promise<Response> => {
    const origin = runtime.publicOrigin ?? new URL(request.url).origin
    const target = await resolveLogout(runtime.services, params, (poolId) => `${origin}/${poolId}`)
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
  }
  routes.on(['GET', 'POST'], '/logout', async (c) =>
    handle(
      c.req.raw,
      await readRequestParams(c.req.raw),
      readCookies(c.req.raw)[COOKIES.sso],
      c.get('runtime'),
    ),
  )
  return routes
}
