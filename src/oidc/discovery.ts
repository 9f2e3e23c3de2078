import { BoundedCache } from '../storage/bounded-cache'
import { DiscoveryFailed, type DiscoveryProblem } from './errors'
import { endpointProblem, issuerProblem } from './urls'

/**
 * Fetches a URL: the network for most providers, an in-process request for a provider of this same
 * Worker. Injected, so the core never reaches for a global and tests need no network.
 */
export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>

/** What a relying party needs from a provider's OpenID discovery document. */
export interface ProviderMetadata {
  /** The issuer as the document names it: the `iss` every token and response must carry. */
  issuer: string
  authorizationEndpoint: string
  tokenEndpoint: string
  jwksUri: string
  userinfoEndpoint?: string
  endSessionEndpoint?: string
  /** RFC 7009. */
  revocationEndpoint?: string
  /** How the client may authenticate at the token endpoint (absent: the spec's default, Basic). */
  tokenEndpointAuthMethods?: string[]
  /** RFC 8414: the same for the revocation endpoint (absent: as at the token endpoint). */
  revocationEndpointAuthMethods?: string[]
  /** RFC 9207: the provider puts `iss` in every authorization response. */
  issParameterSupported: boolean
  /** How to reach this provider's back channel (token, JWKS, userinfo, revocation). */
  fetch: Fetcher
}

/** The endpoints a document must name, then those it may; each is held to the URL rules. */
const REQUIRED = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const
const OPTIONAL = ['userinfo_endpoint', 'end_session_endpoint', 'revocation_endpoint'] as const

const TTL_MS = 10 * 60_000
/** A failed discovery is remembered this long, so an outage is not hammered by every request. */
const FAILURE_TTL_MS = 5_000

const withoutSlash = (issuer: string) => issuer.replace(/\/$/, '')

/**
 * Discovery documents per issuer, kept per isolate: one fetch serves every concurrent miss, a
 * document is trusted for ten minutes and a failure is remembered for five seconds. Bounded, like
 * every cache keyed by something that may come from outside the code.
 */
export class DiscoveryCache {
  private readonly entries: BoundedCache<
    string,
    { metadata: Promise<ProviderMetadata>; until: number }
  >

  constructor(size = 256) {
    this.entries = new BoundedCache(size)
  }

  /**
   * The metadata of `issuer` (as configured; a trailing slash is ignored when fetching and
   * comparing), discovered with `fetcher` on a miss. The issuer and every endpoint the document
   * names must pass the URL rules, and the document must name this issuer; redirects are not
   * followed. Rejects with DiscoveryFailed.
   */
  metadata(issuer: string, fetcher: Fetcher, now: number): Promise<ProviderMetadata> {
    const refusal = issuerProblem(issuer)
    if (refusal)
      return Promise.reject(new DiscoveryFailed(issuer, { kind: 'issuer', problem: refusal }))
    const key = withoutSlash(issuer)
    const hit = this.entries.get(key)
    if (hit && now < hit.until) return hit.metadata
    const entry = { metadata: discover(issuer, fetcher), until: now + TTL_MS }
    entry.metadata.catch(() => {
      entry.until = now + FAILURE_TTL_MS
    })
    this.entries.set(key, entry)
    return entry.metadata
  }
}

async function fetchDocument(issuer: string, fetcher: Fetcher): Promise<Record<string, unknown>> {
  const fail = (problem: DiscoveryProblem) => new DiscoveryFailed(issuer, problem)
  let response: Response
  try {
    // A redirect is not followed: the document elsewhere would choose where secrets go.
    response = await fetcher(`${withoutSlash(issuer)}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
    })
  } catch (error) {
    throw fail({ kind: 'unreachable', detail: messageOf(error) })
  }
  if (response.status >= 300 && response.status < 400) throw fail({ kind: 'redirect' })
  if (!response.ok) throw fail({ kind: 'unreachable', detail: `HTTP ${response.status}` })
  const document: unknown = await response.json().catch((error: unknown) => {
    throw fail({ kind: 'unreachable', detail: messageOf(error) })
  })
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw fail({ kind: 'not-this-issuer', detail: 'the discovery document is not an object' })
  return document as Record<string, unknown>
}

async function discover(issuer: string, fetcher: Fetcher): Promise<ProviderMetadata> {
  const document = await fetchDocument(issuer, fetcher)
  const fail = (problem: DiscoveryProblem) => new DiscoveryFailed(issuer, problem)
  if (typeof document.issuer !== 'string' || withoutSlash(document.issuer) !== withoutSlash(issuer))
    throw fail({
      kind: 'not-this-issuer',
      detail: `the document names the issuer ${String(document.issuer).slice(0, 200)}`,
    })
  for (const name of REQUIRED)
    if (typeof document[name] !== 'string')
      throw fail({ kind: 'not-this-issuer', detail: `the document has no ${name}` })
  for (const name of [...REQUIRED, ...OPTIONAL]) {
    if (document[name] === undefined || document[name] === null) continue
    const problem = endpointProblem(document[name], issuer)
    if (problem) throw fail({ kind: 'endpoint', name, problem })
  }
  const text = (name: string) => document[name] as string
  const optional = (name: (typeof OPTIONAL)[number]) =>
    typeof document[name] === 'string' ? (document[name] as string) : undefined
  const list = (name: string) => {
    const value = document[name]
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined
  }
  const metadata: ProviderMetadata = {
    issuer: document.issuer,
    authorizationEndpoint: text('authorization_endpoint'),
    tokenEndpoint: text('token_endpoint'),
    jwksUri: text('jwks_uri'),
    issParameterSupported: document.authorization_response_iss_parameter_supported === true,
    fetch: fetcher,
  }
  const userinfoEndpoint = optional('userinfo_endpoint')
  const endSessionEndpoint = optional('end_session_endpoint')
  const revocationEndpoint = optional('revocation_endpoint')
  const tokenEndpointAuthMethods = list('token_endpoint_auth_methods_supported')
  const revocationEndpointAuthMethods = list('revocation_endpoint_auth_methods_supported')
  return {
    ...metadata,
    ...(userinfoEndpoint ? { userinfoEndpoint } : {}),
    ...(endSessionEndpoint ? { endSessionEndpoint } : {}),
    ...(revocationEndpoint ? { revocationEndpoint } : {}),
    ...(tokenEndpointAuthMethods ? { tokenEndpointAuthMethods } : {}),
    ...(revocationEndpointAuthMethods ? { revocationEndpointAuthMethods } : {}),
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : 'error')
