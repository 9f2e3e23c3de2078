import type { RequestSignals } from '../userpool/risk/signals'

/** The members of Cloudflare's `request.cf` that threat protection reads. */
interface EdgeProperties {
  country?: unknown
  city?: unknown
  asn?: unknown
  latitude?: unknown
  longitude?: unknown
  timezone?: unknown
  botManagement?: { score?: unknown }
}

const finite = (value: unknown): number | undefined => {
  const number = typeof value === 'string' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined
}
const short = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined

/**
 * What the edge says about a request: Cloudflare's `request.cf` (country, city, network, location,
 * bot score) and the CF-Connecting-IP header. On Cloudflare the edge sets and overwrites that
 * header, so it is trusted; X-Forwarded-For, X-Real-IP and True-Client-IP are the client's own
 * words and never read. Under `wrangler dev` and Miniflare every request carries the same
 * placeholder `cf`, and a local client can set CF-Connecting-IP itself (see the README).
 */
export function requestSignals(request: Request): RequestSignals {
  const cf = (request as Request & { cf?: EdgeProperties }).cf ?? {}
  const signals: RequestSignals = {}
  const ip = short(request.headers.get('cf-connecting-ip'), 64)
  if (ip) signals.ip = ip
  const country = short(cf.country, 8)
  if (country && country !== 'T1' && country !== 'XX') signals.country = country
  const city = short(cf.city, 128)
  if (city) signals.city = city
  const asn = finite(cf.asn)
  if (asn !== undefined) signals.asn = asn
  const latitude = finite(cf.latitude)
  const longitude = finite(cf.longitude)
  if (latitude !== undefined && longitude !== undefined) {
    signals.latitude = latitude
    signals.longitude = longitude
  }
  const timezone = short(cf.timezone, 64)
  if (timezone) signals.timezone = timezone
  const botScore = finite(cf.botManagement?.score)
  if (botScore !== undefined && botScore > 0) signals.botScore = botScore
  const userAgent = short(request.headers.get('user-agent'), 512)
  if (userAgent) signals.userAgent = userAgent
  return signals
}
