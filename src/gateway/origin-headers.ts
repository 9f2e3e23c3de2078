import { isPortcullisCookie, withoutPortcullisCookies } from '../http/cookies'
import type { GatewayConfig } from './config'

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

/** Headers only the gateway may set; any inbound header that reads as one is removed. */
const IDENTITY_HEADER_PREFIXES = ['x-amzn-oidc-', 'x-portcullis-']
/** The same, by exact name: the request context an `aws_iam` route passes (as Lambda Web Adapter reads it). */
const IDENTITY_HEADER_NAMES = ['x-amzn-request-context']

/**
 * A header name as CGI, WSGI, PHP, Rack and many frameworks read it: case folded and `_` the same
 * as `-` (`X_Amzn_Oidc_Identity` arrives there as the real `x-amzn-oidc-identity`).
 */
const folded = (name: string): string => name.toLowerCase().replaceAll('_', '-')

/** Folded names of every header the route table maps claims to, per table. */
const mappedNames = new WeakMap<GatewayConfig, ReadonlySet<string>>()

/**
 * Whether an inbound header would be read by some origin as one the gateway sets: an identity
 * header, or a claim header of any route (an origin behind several routes cannot tell which set it).
 */
export function looksLikeIdentityHeader(name: string, config: GatewayConfig): boolean {
  const candidate = folded(name)
  if (IDENTITY_HEADER_PREFIXES.some((prefix) => candidate.startsWith(prefix))) return true
  if (IDENTITY_HEADER_NAMES.includes(candidate)) return true
  let mapped = mappedNames.get(config)
  if (!mapped) {
    mapped = new Set(
      config.routes.flatMap((route) => Object.values(route.headers ?? {}).map(folded)),
    )
    mappedNames.set(config, mapped)
  }
  return mapped.has(candidate)
}

/** Removes hop-by-hop headers (and those Connection names) from a request or a response. */
export function stripHopByHop(headers: Headers): void {
  // A WebSocket handshake keeps Upgrade (even though Connection names it); the runtime re-adds Connection.
  const isWebSocket = (headers.get('upgrade') ?? '').toLowerCase() === 'websocket'
  const named = (headers.get('connection') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h && !(isWebSocket && h === 'upgrade'))
  for (const name of [...HOP_BY_HOP, ...named]) headers.delete(name)
  if (!isWebSocket) headers.delete('upgrade')
}

/**
 * The headers an origin receives: the browser's, without anything that reads as an identity
 * header and without any Portcullis cookie; then the gateway's identity headers. (Hop-by-hop
 * headers are the proxy's business: `stripHopByHop`.)
 */
export function originRequestHeaders(
  inbound: Headers,
  config: GatewayConfig,
  identity: Record<string, string>,
): Headers {
  const headers = new Headers(inbound)
  for (const name of [...headers.keys()])
    if (looksLikeIdentityHeader(name, config)) headers.delete(name)
  const cookie = withoutPortcullisCookies(headers.get('cookie'))
  if (cookie === null) headers.delete('cookie')
  else headers.set('cookie', cookie)
  for (const [name, value] of Object.entries(identity)) headers.set(name, value)
  return headers
}

/**
 * The headers a browser receives from an origin: without hop-by-hop headers, and without any
 * Set-Cookie for a Portcullis cookie (an origin must not plant a session or a sign-in state).
 */
export function originResponseHeaders(upstream: Headers): Headers {
  const headers = new Headers(upstream)
  stripHopByHop(headers)
  const cookies = headers.getSetCookie()
  if (cookies.some((cookie) => isPortcullisCookie(cookie.split('=')[0]!.trim()))) {
    headers.delete('set-cookie')
    for (const cookie of cookies)
      if (!isPortcullisCookie(cookie.split('=')[0]!.trim())) headers.append('set-cookie', cookie)
  }
  return headers
}
