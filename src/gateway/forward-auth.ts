import {
  AmbiguousRequest,
  Forbidden,
  GatewayMisconfigured,
  NoRoute,
  Unauthenticated,
} from '../errors/gateway'
import { GatewayConfigError, type ForwardAuthConfig } from './config'
import { decide, gatewayErrorResponse } from './gateway'
import type { GatewayContext } from './gateway-context'
import { fromTrustedProxy } from './public-origin'
import { normalizePath } from './request-path'

/** The headers each kind of proxy describes the original request with (README "Security model"). */
const HEADER_SETS: Record<
  ForwardAuthConfig['proxy'],
  { uri: string; host: string; method: string }
> = {
  nginx: { uri: 'x-original-uri', host: 'x-forwarded-host', method: 'x-original-method' },
  traefik: { uri: 'x-forwarded-uri', host: 'x-forwarded-host', method: 'x-forwarded-method' },
  caddy: { uri: 'x-forwarded-uri', host: 'x-forwarded-host', method: 'x-forwarded-method' },
}

/** Headers a browser sends and the documented nginx block never does: their presence means the
 * client's own headers (forwarded ones included) reached the auth request. */
const CLIENT_ONLY_HEADERS = ['user-agent', 'referer', 'sec-fetch-mode', 'accept-language']

/**
 * Forward auth for nginx `auth_request`, Traefik `forwardAuth` and Caddy `forward_auth`: 200 with
 * identity headers, or 401/403; the protected request itself never passes through here. Off
 * unless configured; answered only for the configured proxy's addresses, from the one header set
 * that proxy sends, with the URI read as an origin-form path (never resolved against a base) and
 * judged in the same normal form the gateway proxies.
 */
export async function handleForwardAuth(
  request: Request,
  context: GatewayContext,
): Promise<Response> {
  try {
    if (context.config instanceof GatewayConfigError)
      throw new GatewayMisconfigured(context.config.message)
    const forwardAuth = context.config.forwardAuth
    if (!forwardAuth)
      return gatewayErrorResponse(new NoRoute('forward auth is not configured'), request)
    if (!fromTrustedProxy(request, context.config))
      throw new Forbidden('forward auth answers only the configured proxy')
    if (
      forwardAuth.proxy === 'nginx' &&
      CLIENT_ONLY_HEADERS.some((name) => request.headers.has(name))
    ) {
      // nginx hands the auth subrequest every header the client sent unless told not to; then
      // a client could write X-Forwarded-Host or X-Original-URI itself. Refuse rather than guess.
      console.error(
        'gateway: a forward-auth request carries the browser’s own headers; set proxy_pass_request_headers off in the nginx auth location (README "Security model")',
      )
      throw new Forbidden('forward auth refused: the proxy passes the client’s headers through')
    }
    const names = HEADER_SETS[forwardAuth.proxy]
    const uri = request.headers.get(names.uri)
    const host = request.headers.get(names.host)
    if (!uri || !host)
      throw new AmbiguousRequest(`the proxy must send ${names.uri} and ${names.host}`)
    const target = normalizePath(uri.split('?')[0]!)
    if (!target.ok) throw new AmbiguousRequest(`This path is refused: ${target.reason}.`)
    const method = request.headers.get(names.method) ?? 'GET'
    const original = new Request(request.url, {
      method: method === 'HEAD' ? 'HEAD' : 'GET',
      headers: request.headers,
    })
    const setCookies: string[] = []
    try {
      const decision = await decide(
        original,
        host,
        target.path,
        context,
        context.config,
        setCookies,
      )
      // A proxy cannot start a sign-in: the browser is sent to the sign-in path on 401 (README).
      if (decision.kind === 'sign-in') throw new Unauthenticated()
      const headers = new Headers({ ...decision.headers, 'cache-control': 'no-store' })
      for (const cookie of setCookies) headers.append('set-cookie', cookie)
      return new Response(null, { status: 200, headers })
    } catch (error) {
      return forwardAuthError(error, request, setCookies)
    }
  } catch (error) {
    return forwardAuthError(error, request, [])
  }
}

/**
 * nginx's auth_request understands 2xx, 401 and 403 only (anything else becomes a 500), so a
 * missing route or a refused path answer 403 here.
 */
function forwardAuthError(error: unknown, request: Request, cookies: string[]): Response {
  const refused = error instanceof NoRoute || error instanceof AmbiguousRequest
  return gatewayErrorResponse(
    refused ? new Forbidden((error as Error).message) : error,
    request,
    cookies,
  )
}
