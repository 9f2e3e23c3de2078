import { BoundedCache } from '../storage/bounded-cache'
import type { ProviderConfig } from './config'
import type { Fetcher } from './jwks-cache'

/** The endpoints a relying party needs, from the provider's OpenID discovery document. */
export interface ProviderMetadata {
  issuer: string
  authorizationEndpoint: string
  tokenEndpoint: string
  endSessionEndpoint?: string
  /** RFC 7009: where a refresh token is revoked at logout. */
  revocationEndpoint?: string
  jwksUri: string
  /** How to reach the provider's back channel (token, JWKS): in-process for pools of this Worker. */
  fetcher: Fetcher
}

/**
 * Discovered documents per issuer; a failed discovery is remembered briefly so an outage is not
 * hammered. Bounded: issuers come from configuration, but `self:` issuers carry the auth origin.
 */
const cache = new BoundedCache<string, { metadata: Promise<ProviderMetadata>; until: number }>(256)
const TTL_MS = 10 * 60 * 1000
const FAILURE_TTL_MS = 5 * 1000

/** The issuer a provider entry names: a URL, or a pool of this Worker at its auth origin. */
export const issuerOf = (provider: ProviderConfig, selfOrigin: string): string =>
  provider.issuer.startsWith('self:')
    ? `${selfOrigin}/${provider.issuer.slice('self:'.length)}`
    : provider.issuer.replace(/\/$/, '')

/** Discovers (and caches per isolate, one fetch shared by concurrent misses) a provider's endpoints. */
export function providerMetadata(
  provider: ProviderConfig,
  selfOrigin: string,
  selfFetch: Fetcher,
  now: number,
): Promise<ProviderMetadata> {
  const self = provider.issuer.startsWith('self:')
  const issuer = issuerOf(provider, selfOrigin)
  const hit = cache.get(issuer)
  if (hit && now < hit.until) return hit.metadata
  const entry = {
    metadata: discover(issuer, self ? selfFetch : (url, init) => fetch(url, init)),
    until: now + TTL_MS,
  }
  entry.metadata.catch(() => {
    entry.until = now + FAILURE_TTL_MS
  })
  cache.set(issuer, entry)
  return entry.metadata
}

/**
 * Whether a discovered endpoint may be used: https, or plain http on loopback when the issuer
 * itself is a loopback http issuer (development). A document pointing anywhere else would send
 * codes, refresh tokens and client secrets over plain http.
 */
function acceptableEndpoint(issuer: string, endpoint: string): boolean {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return false
  }
  if (url.protocol === 'https:' && !url.username && !url.password) return true
  const loopback = (u: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)
  return url.protocol === 'http:' && loopback(url) && loopback(new URL(issuer))
}

async function discover(issuer: string, fetcher: Fetcher): Promise<ProviderMetadata> {
  const response = await fetcher(`${issuer}/.well-known/openid-configuration`)
  if (!response.ok) throw new Error(`discovery for ${issuer} answered ${response.status}`)
  const document = (await response.json()) as Record<string, unknown>
  if (document.issuer !== issuer)
    throw new Error(`discovery issuer ${String(document.issuer)} does not match ${issuer}`)
  for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const)
    if (typeof document[name] !== 'string')
      throw new Error(`discovery for ${issuer} has no ${name}`)
  const optional = (name: string): string | undefined => {
    const value = document[name]
    return typeof value === 'string' ? value : undefined
  }
  const endpoints = {
    authorizationEndpoint: String(document.authorization_endpoint),
    tokenEndpoint: String(document.token_endpoint),
    jwksUri: String(document.jwks_uri),
    endSessionEndpoint: optional('end_session_endpoint'),
    revocationEndpoint: optional('revocation_endpoint'),
  }
  for (const [name, value] of Object.entries(endpoints))
    if (value !== undefined && !acceptableEndpoint(issuer, value))
      throw new Error(
        `discovery for ${issuer} names an unacceptable ${name}: ${value.slice(0, 200)}`,
      )
  return {
    issuer,
    authorizationEndpoint: endpoints.authorizationEndpoint,
    tokenEndpoint: endpoints.tokenEndpoint,
    jwksUri: endpoints.jwksUri,
    ...(endpoints.endSessionEndpoint ? { endSessionEndpoint: endpoints.endSessionEndpoint } : {}),
    ...(endpoints.revocationEndpoint ? { revocationEndpoint: endpoints.revocationEndpoint } : {}),
    fetcher,
  }
}
