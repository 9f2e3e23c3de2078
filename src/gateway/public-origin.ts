import { inRange, parseAddress } from './addresses'
import type { GatewayConfig } from './config'

/** Whether a request comes from the configured forward-auth proxy (by `CF-Connecting-IP`). */
export function fromTrustedProxy(request: Request, config: GatewayConfig): boolean {
  const proxy = config.forwardAuth
  if (!proxy) return false
  const peer = parseAddress(request.headers.get('cf-connecting-ip') ?? '')
  return peer !== undefined && proxy.trustedAddresses.some((range) => inRange(range, peer))
}

const HOST = /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i

/**
 * The origin the browser sees for a request: the request's own, or, for a request relayed by the
 * configured proxy (nginx in front of the gateway's own paths), the `X-Forwarded-Host` and
 * `X-Forwarded-Proto` it sends. Nobody else's forwarded headers are believed.
 */
export function publicOrigin(request: Request, config: GatewayConfig): string {
  const own = new URL(request.url).origin
  if (!fromTrustedProxy(request, config)) return own
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim()
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  if (!host || !HOST.test(host)) return own
  return `${proto === 'http' || proto === 'https' ? proto : new URL(request.url).protocol.slice(0, -1)}://${host.toLowerCase()}`
}
