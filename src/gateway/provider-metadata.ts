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

const cache = new Map<string, { metadata: ProviderMetadata; fetchedAt: number }>()
const TTL_MS = 10 * 60 * 1000

/** Discovers (and caches per isolate) a provider's endpoints. */
export async function providerMetadata(provider: ProviderConfig, selfOrigin: string, selfFetch: Fetcher, now: number): Promise<ProviderMetadata> {
  const self = provider.issuer.startsWith('self:')
  const issuer = self ? `${selfOrigin}/${provider.issuer.slice('self:'.length)}` : provider.issuer.replace(/\/$/, '')
  const hit = cache.get(issuer)
  if (hit && now - hit.fetchedAt < TTL_MS) return hit.metadata
  const fetcher: Fetcher = self ? selfFetch : (url, init) => fetch(url, init)
  const response = await fetcher(`${issuer}/.well-known/openid-configuration`)
  if (!response.ok) throw new Error(`discovery for ${issuer} answered ${response.status}`)
  const document = (await response.json()) as Record<string, unknown>
  if (document.issuer !== issuer) throw new Error(`discovery issuer ${String(document.issuer)} does not match ${issuer}`)
  const metadata: ProviderMetadata = {
    issuer,
    authorizationEndpoint: String(document.authorization_endpoint),
    tokenEndpoint: String(document.token_endpoint),
    ...(typeof document.end_session_endpoint === 'string' ? { endSessionEndpoint: document.end_session_endpoint } : {}),
    jwksUri: String(document.jwks_uri),
    fetcher,
  }
  cache.set(issuer, { metadata, fetchedAt: now })
  return metadata
}
