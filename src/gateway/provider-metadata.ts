import type { ProviderConfig } from './config'
import type { Fetcher } from './jwks-cache'

/** The endpoints a relying party needs, from the provider's OpenID discovery document. */
export interface ProviderMetadata {
  issuer: string
  authorizationEndpoint: string
  tokenEndpoint: string
  endSessionEndpoint?: string
  jwksUri: string
  /** How to reach the provider's back channel (token, JWKS): in-process for pools of this Worker. */
  fetcher: Fetcher
}

/** Discovered documents per issuer; a failed discovery is remembered briefly so an outage is not hammered. */
const cache = new Map<
  string,
  { metadata: Promise<ProviderMetadata>; fetchedAt: number; ttl: number }
>()
const TTL_MS = 10 * 60 * 1000
const FAILURE_TTL_MS = 5 * 1000

/** Discovers (and caches per isolate, one fetch shared by concurrent misses) a provider's endpoints. */
export function providerMetadata(
  provider: ProviderConfig,
  selfOrigin: string,
  selfFetch: Fetcher,
  now: number,
): Promise<ProviderMetadata> {
  const self = provider.issuer.startsWith('self:')
  const issuer = self
    ? `${selfOrigin}/${provider.issuer.slice('self:'.length)}`
    : provider.issuer.replace(/\/$/, '')
  const hit = cache.get(issuer)
  if (hit && now - hit.fetchedAt < hit.ttl) return hit.metadata
  const entry = {
    metadata: discover(issuer, self ? selfFetch : (url, init) => fetch(url, init)),
    fetchedAt: now,
    ttl: TTL_MS,
  }
  entry.metadata.catch(() => (entry.ttl = FAILURE_TTL_MS))
  cache.set(issuer, entry)
  return entry.metadata
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
  return {
    issuer,
    authorizationEndpoint: String(document.authorization_endpoint),
    tokenEndpoint: String(document.token_endpoint),
    ...(typeof document.end_session_endpoint === 'string'
      ? { endSessionEndpoint: document.end_session_endpoint }
      : {}),
    jwksUri: String(document.jwks_uri),
    fetcher,
  }
}
