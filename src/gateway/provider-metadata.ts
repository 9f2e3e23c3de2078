import { DiscoveryCache, type Fetcher, type ProviderMetadata } from '../oidc/discovery'
import type { ProviderConfig } from './config'

/**
 * The gateway's providers' discovery documents, per isolate. Bounded: issuers come from
 * configuration, but `self:` issuers carry the auth origin.
 */
const discovery = new DiscoveryCache()

/** The issuer a provider entry names: a URL, or a pool of this Worker at its auth origin. */
const issuerOf = (provider: ProviderConfig, selfOrigin: string): string =>
  provider.issuer.startsWith('self:')
    ? `${selfOrigin}/${provider.issuer.slice('self:'.length)}`
    : provider.issuer.replace(/\/$/, '')

/**
 * Discovers (and caches per isolate, one fetch shared by concurrent misses, a failure remembered
 * briefly) a provider's endpoints; a pool of this Worker is reached in-process through `selfFetch`.
 * Rejects with the core's DiscoveryFailed.
 */
export function providerMetadata(
  provider: ProviderConfig,
  selfOrigin: string,
  selfFetch: Fetcher,
  now: number,
): Promise<ProviderMetadata> {
  const self = provider.issuer.startsWith('self:')
  const fetcher: Fetcher = self ? selfFetch : (url, init) => fetch(url, init)
  return discovery.metadata(issuerOf(provider, selfOrigin), fetcher, now)
}
