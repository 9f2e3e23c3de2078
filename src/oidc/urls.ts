/**
 * Which URLs of an OpenID provider a relying party may use. The issuer and the endpoints its
 * discovery document names are where client secrets, codes, PKCE verifiers and tokens go, and where
 * browsers are sent, so each must be https (plain http only on a loopback host, for local
 * development), must not name a literal address that is private, link-local, unspecified,
 * multicast, shared (CGNAT) or reserved, and must carry no credentials. A loopback issuer names
 * loopback endpoints only, and any other issuer none. Host names are not resolved here: what a DNS
 * name points at is the resolver's business, not something a configured string can prove.
 */

type HostClass = 'public' | 'loopback' | 'refused'

/** IPv4 ranges that are never an identity provider's: `[network address as a number, prefix length]`. */
const REFUSED_V4: Array<[number, number]> = [
  [0x00000000, 8], // this network, unspecified
  [0x0a000000, 8], // private
  [0x64400000, 10], // shared address space (CGNAT)
  [0xa9fe0000, 16], // link-local (cloud metadata services live here)
  [0xac100000, 12], // private
  [0xc0a80000, 16], // private
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved, and the broadcast address
]

function classifyV4(address: number): HostClass {
  if (address >>> 24 === 127) return 'loopback'
  const refused = REFUSED_V4.some(([base, bits]) => (address & (~0 << (32 - bits))) >>> 0 === base)
  return refused ? 'refused' : 'public'
}

/** The dotted quad the URL parser leaves for every IPv4 spelling (hex, octal, one number…). */
function parseV4(host: string): number | null {
  const parts = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)
  if (!parts) return null
  return parts.slice(1).reduce((address, part) => address * 256 + Number(part), 0)
}

/** The eight groups of an IPv6 literal as the URL parser serialises it (`::` compressed, hex). */
function parseV6(literal: string): number[] | null {
  const [head, tail, ...rest] = literal.split('::')
  if (rest.length > 0) return null
  const groups = (text: string | undefined) =>
    text ? text.split(':').map((group) => Number.parseInt(group, 16)) : []
  const left = groups(head)
  const right = groups(tail)
  const all =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill(0), ...right]
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? all
    : null
}

function classifyV6(groups: number[]): HostClass {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const embedded = (high: number, low: number) => classifyV4(high * 0x10000 + low)
  const leadingZeros = [g0, g1, g2, g3, g4].every((g) => g === 0)
  if (leadingZeros && g5 === 0 && g6 === 0 && g7 <= 1) return g7 === 1 ? 'loopback' : 'refused'
  // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d) forms.
  if (leadingZeros && (g5 === 0xffff || g5 === 0)) return embedded(g6, g7)
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the IPv4 address they embed.
  if (g0 === 0x64 && g1 === 0xff9b && [g2, g3, g4, g5].every((g) => g === 0))
    return embedded(g6, g7)
  if (g0 === 0x2002) return embedded(g1, g2)
  if ((g0 & 0xfe00) === 0xfc00) return 'refused' // unique local
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return 'refused' // link- and site-local
  if ((g0 & 0xff00) === 0xff00) return 'refused' // multicast
  return 'public'
}

function classifyHost(hostname: string): HostClass {
  // localhost is loopback (with or without the root's trailing dot); names under it (RFC 6761)
  // are left to resolvers that may not honour that, so they are not taken at all.
  if (/^localhost\.?$/.test(hostname)) return 'loopback'
  if (/\.localhost\.?$/.test(hostname)) return 'refused'
  if (hostname.startsWith('[') && hostname.endsWith(']')) {
    const groups = parseV6(hostname.slice(1, -1))
    return groups ? classifyV6(groups) : 'refused'
  }
  const v4 = parseV4(hostname)
  return v4 === null ? 'public' : classifyV4(v4)
}

/** A URL that passed the common rules, and whether its host is a loopback one. */
interface CheckedUrl {
  url: URL
  loopback: boolean
}

function checkUrl(value: unknown): CheckedUrl | string {
  if (typeof value !== 'string') return 'is not a URL'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'is not a URL'
  }
  if (url.username || url.password) return 'must not carry credentials'
  if (url.hash) return 'must not have a fragment'
  const host = classifyHost(url.hostname)
  if (host === 'refused') return 'names a private, link-local or otherwise special address'
  const loopback = host === 'loopback'
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:'))
    return 'must be https (plain http only on a loopback host)'
  return { url, loopback }
}

/** Why an `oidc_issuer` is refused (`must be https`, …), or null when it may be used. */
export function issuerProblem(issuer: string): string | null {
  const checked = checkUrl(issuer)
  if (typeof checked === 'string') return checked
  return checked.url.search ? 'must not have a query' : null
}

/**
 * Why an endpoint a discovery document names is refused, or null when it may be used: the rules of
 * the issuer, and a loopback issuer names only loopback endpoints (any other issuer none).
 */
export function endpointProblem(endpoint: unknown, issuer: string): string | null {
  const checked = checkUrl(endpoint)
  if (typeof checked === 'string') return checked
  const from = checkUrl(issuer)
  if (typeof from === 'string') return `belongs to an issuer that ${from}`
  if (checked.loopback !== from.loopback)
    return from.loopback
      ? 'is not on a loopback host, as its loopback issuer is'
      : 'is on a loopback host'
  return null
}
