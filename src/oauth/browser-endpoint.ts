import { Hono } from 'hono'
import type { Runtime } from '../config'
import { type CookieName, readCookies } from '../http/cookies'
import { browserErrors } from '../http/error-handlers'
import { readRequestParams } from '../http/request-params'

/**
 * The origin tokens are issued under (`{origin}/{poolId}`): the configured public origin behind a
 * proxy, else the request's own.
 */
export const issuerOrigin = (runtime: Runtime, request: Request): string =>
  runtime.publicOrigin ?? new URL(request.url).origin

/** What a browser endpoint is handed: one reading of the request, in the same shape for all. */
export interface BrowserRequest {
  request: Request
  /** The urlencoded form of a POST, else the query string; a repeated parameter is refused. */
  params: Record<string, string | undefined>
  /** The one cookie the endpoint reads. */
  cookie: string | undefined
  runtime: Runtime
  origin: string
  issuer: (poolId: string) => string
}

/**
 * An endpoint a browser reaches on GET and POST alike (authorize, idpresponse, logout): its errors
 * are pages, never redirects (`browserErrors`), and no CORS is offered.
 */
export function browserEndpoint(
  path: string,
  cookie: CookieName,
  handle: (browser: BrowserRequest) => Promise<Response>,
): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(browserErrors)
  routes.on(['GET', 'POST'], path, async (c) => {
    const request = c.req.raw
    const runtime = c.get('runtime')
    const origin = issuerOrigin(runtime, request)
    return handle({
      request,
      params: await readRequestParams(request),
      cookie: readCookies(request)[cookie],
      runtime,
      origin,
      issuer: (poolId) => `${origin}/${poolId}`,
    })
  })
  return routes
}
