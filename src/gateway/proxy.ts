import { IDENTITY_HEADER_PREFIXES } from './identity-headers'
import type { RouteConfig } from './config'
import { fetchFromOrigin, type WorkerBindings } from './origin-fetch'
import { GATEWAY_COOKIE_PREFIX } from './session-cookie'

/** RFC 9110 §7.6.1 hop-by-hop headers, never forwarded (Upgrade is kept for WebSockets). */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
]

function strip(headers: Headers, extra: string[]): void {
  // A WebSocket handshake keeps Upgrade (even though Connection names it); the runtime re-adds Connection.
  const isWebSocket = (headers.get('upgrade') ?? '').toLowerCase() === 'websocket'
  const named = (headers.get('connection') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h && !(isWebSocket && h === 'upgrade'))
  for (const name of [...HOP_BY_HOP, ...named, ...extra]) headers.delete(name)
  if (!isWebSocket) headers.delete('upgrade')
}

/**
 * Proxies a request to the route's origin (a URL, a service binding, static assets or an R2
 * bucket): bodies streamed both ways, hop-by-hop headers dropped, every inbound identity header
 * removed before ours are added, origin answers (errors included) passed through untouched,
 * WebSocket upgrades passed through.
 */
export async function proxyToOrigin(
  request: Request,
  route: RouteConfig,
  identity: Record<string, string>,
  bindings: WorkerBindings,
): Promise<Response> {
  const incoming = new URL(request.url)
  const headers = new Headers(request.headers)
  const inboundIdentity = [...headers.keys()].filter(
    (name) =>
      IDENTITY_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix)) ||
      Object.values(route.headers ?? {}).some((h) => h.toLowerCase() === name),
  )
  strip(headers, inboundIdentity)
  headers.set('x-forwarded-host', incoming.host)
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''))
  const clientIp = request.headers.get('cf-connecting-ip')
  if (clientIp)
    headers.set(
      'x-forwarded-for',
      [request.headers.get('x-forwarded-for'), clientIp].filter(Boolean).join(', '),
    )
  // The gateway's own cookies (sealed tokens) are for the gateway, never for the origin.
  const cookie = headers.get('cookie')
  if (cookie !== null) {
    const kept = cookie
      .split(';')
      .map((c) => c.trim())
      .filter((c) => c && !c.startsWith(`${GATEWAY_COOKIE_PREFIX}`))
    if (kept.length > 0) headers.set('cookie', kept.join('; '))
    else headers.delete('cookie')
  }
  for (const [name, value] of Object.entries(identity)) headers.set(name, value)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  const outbound = new Request(incoming, {
    method: request.method,
    headers,
    ...(hasBody ? { body: request.body } : {}),
    redirect: 'manual',
  })
  const upstream = await fetchFromOrigin(route.origin, outbound, bindings)
  if (upstream.status === 101) return upstream
  const responseHeaders = new Headers(upstream.headers)
  strip(responseHeaders, [])
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  })
}
