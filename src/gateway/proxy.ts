import type { GatewayConfig, RouteConfig } from './config'
import { fetchFromOrigin, type WorkerBindings } from './origin-fetch'
import { originRequestHeaders, originResponseHeaders, stripHopByHop } from './origin-headers'

/**
 * Proxies a request to the route's origin (a URL, a service binding, static assets or an R2
 * bucket) at `path`, the normalised path the route table judged: bodies streamed both ways,
 * hop-by-hop headers dropped, every inbound identity header and Portcullis cookie removed before
 * ours are added, origin answers (errors included) passed through untouched, WebSocket upgrades
 * passed through.
 */
export async function proxyToOrigin(
  request: Request,
  path: string,
  route: RouteConfig,
  config: GatewayConfig,
  identity: Record<string, string>,
  bindings: WorkerBindings,
  /** The body, when the gateway has already read it whole (a signature covered it); else the stream. */
  body?: Uint8Array<ArrayBuffer>,
): Promise<Response> {
  const incoming = new URL(request.url)
  const headers = originRequestHeaders(request.headers, config, identity)
  stripHopByHop(headers)
  headers.set('x-forwarded-host', incoming.host)
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''))
  const clientIp = request.headers.get('cf-connecting-ip')
  if (clientIp)
    headers.set(
      'x-forwarded-for',
      [request.headers.get('x-forwarded-for'), clientIp].filter(Boolean).join(', '),
    )
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  const outbound = new Request(`${incoming.origin}${path}${incoming.search}`, {
    method: request.method,
    headers,
    ...(hasBody ? { body: body ?? request.body } : {}),
    redirect: 'manual',
  })
  const upstream = await fetchFromOrigin(route.origin, outbound, bindings)
  if (upstream.status === 101) return upstream
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: originResponseHeaders(upstream.headers),
  })
}
