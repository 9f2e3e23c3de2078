import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose'
import { TemporarilyUnavailable } from '../../errors/oauth'
import type { IdentityProvider } from './identity-providers'
import { endpointProblem, issuerProblem } from '../../oidc/urls'
import { BoundedCache } from '../../storage/bounded-cache'

/** What Portcullis needs from an upstream provider's discovery document. */
export interface UpstreamMetadata {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  jwks_uri: string
  userinfo_endpoint?: string
  token_endpoint_auth_methods_supported?: string[]
  /** RFC 9207: the provider puts `iss` in every authorization response. */
  authorization_response_iss_parameter_supported?: boolean
}

/** Discovery documents and key sets per upstream issuer, bounded like every per-isolate cache. */
const metadataCache = new BoundedCache<string, { metadata: UpstreamMetadata; fetchedAt: number }>(
  256,
)
const keySets = new BoundedCache<string, ReturnType<typeof createRemoteJWKSet>>(256)
const METADATA_TTL_MS = 10 * 60_000
/** The endpoints Portcullis sends browsers, secrets, codes or tokens to. */
const ENDPOINTS = [
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
] as const

/** A provider whose configuration or discovery document Portcullis will not follow. */
function refused(provider: IdentityProvider, why: string): TemporarilyUnavailable {
  return new TemporarilyUnavailable(`${provider.ProviderName} cannot be used: ${why}.`, {
    status: 502,
  })
}

/**
 * The upstream's discovery document, cached per isolate for ten minutes. Its issuer must be the
 * one configured, and the issuer and every endpoint it names must pass upstream-urls.ts, before
 * anything is sent anywhere; redirects are not followed. Refusals are 502s, shown as error pages.
 */
export async function upstreamMetadata(
  provider: IdentityProvider,
  now: number,
): Promise<UpstreamMetadata> {
  const configured = provider.ProviderDetails.oidc_issuer!
  // Providers stored before these rules existed are held to them here.
  const issuerRefusal = issuerProblem(configured)
  if (issuerRefusal) throw refused(provider, `its issuer ${issuerRefusal}`)
  const issuer = configured.replace(/\/$/, '')
  const cached = metadataCache.get(issuer)
  if (cached && now - cached.fetchedAt < METADATA_TTL_MS) return cached.metadata
  let metadata: UpstreamMetadata
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
    })
    if (response.status >= 300 && response.status < 400)
      throw refused(provider, 'its discovery document redirects elsewhere')
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    metadata = (await response.json()) as UpstreamMetadata
  } catch (error) {
    if (error instanceof TemporarilyUnavailable) throw error
    throw new TemporarilyUnavailable(
      `${provider.ProviderName} could not be reached (${error instanceof Error ? error.message : 'error'}); try again later.`,
      { status: 503 },
    )
  }
  if (
    typeof metadata?.issuer !== 'string' ||
    metadata.issuer.replace(/\/$/, '') !== issuer ||
    !metadata.authorization_endpoint ||
    !metadata.token_endpoint ||
    !metadata.jwks_uri
  ) {
    throw new TemporarilyUnavailable(
      `${provider.ProviderName}'s discovery document does not describe the configured issuer.`,
      { status: 502 },
    )
  }
  for (const name of ENDPOINTS) {
    if (name === 'userinfo_endpoint' && metadata[name] === undefined) continue
    const problem = endpointProblem(metadata[name], configured)
    if (problem) throw refused(provider, `the ${name} its discovery document names ${problem}`)
  }
  metadataCache.set(issuer, { metadata, fetchedAt: now })
  return metadata
}

/**
 * RFC 9207: why an authorization response cannot be from the provider the sign-in went to, or null.
 * An `iss` that is not the provider's issuer means another server answered (a mix-up: its code
 * and our PKCE verifier would go to the wrong token endpoint); a missing one is refused when the
 * provider says it always sends it, so that an attacker cannot just leave it out.
 */
export function responseIssuerProblem(
  metadata: UpstreamMetadata,
  iss: string | undefined,
): string | null {
  if (iss !== undefined) return iss === metadata.issuer ? null : 'its iss names another issuer'
  return metadata.authorization_response_iss_parameter_supported === true
    ? 'it has no iss, which this provider always sends'
    : null
}

/**
 * Redeems the upstream's authorization code (with the PKCE verifier, and the client secret when
 * there is one, by HTTP Basic unless the provider only takes it in the body), then verifies the ID
 * token: signature from the provider's JWKS, issuer, audience, expiry and our nonce. Returns the
 * ID token's claims merged with userinfo's (same `sub` only).
 */
export async function redeemUpstreamCode(
  provider: IdentityProvider,
  metadata: UpstreamMetadata,
  input: { code: string; redirectUri: string; verifier: string; nonce: string; now: number },
): Promise<JWTPayload & { sub: string }> {
  const clientId = provider.ProviderDetails.client_id!
  const secret = provider.ProviderDetails.client_secret
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
    code_verifier: input.verifier,
    client_id: clientId,
  })
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  const methods = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic']
  if (secret && methods.includes('client_secret_basic'))
    headers.authorization = `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`)}`
  else if (secret) form.set('client_secret', secret)
  let tokens: {
    id_token?: string
    access_token?: string
    error?: string
    error_description?: string
  }
  try {
    // A redirect is not followed: it would carry the code, the verifier and the secret elsewhere.
    const response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers,
      body: form.toString(),
      redirect: 'manual',
    })
    tokens = (await response.json()) as typeof tokens
  } catch {
    throw new TemporarilyUnavailable(
      `${provider.ProviderName}'s token endpoint could not be reached; try again later.`,
      { status: 503 },
    )
  }
  if (!tokens.id_token)
    throw new Error(
      `${provider.ProviderName} did not issue an ID token (${tokens.error ?? 'no error given'}: ${tokens.error_description ?? ''})`,
    )
  let keys = keySets.get(metadata.jwks_uri)
  if (!keys) {
    keys = createRemoteJWKSet(new URL(metadata.jwks_uri))
    keySets.set(metadata.jwks_uri, keys)
  }
  const { payload } = await jwtVerify(tokens.id_token, keys, {
    issuer: metadata.issuer,
    audience: clientId,
    currentDate: new Date(input.now),
    clockTolerance: 60,
  })
  if (payload.nonce !== input.nonce || typeof payload.sub !== 'string')
    throw new Error(`${provider.ProviderName}'s ID token does not answer this sign-in`)
  const claims: JWTPayload & { sub: string } = { ...payload, sub: payload.sub }
  if (metadata.userinfo_endpoint && tokens.access_token) {
    const method = provider.ProviderDetails.attributes_request_method === 'POST' ? 'POST' : 'GET'
    const response = await fetch(metadata.userinfo_endpoint, {
      method,
      headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json' },
      redirect: 'manual',
    }).catch(() => null)
    const info = response?.ok
      ? ((await response.json().catch(() => null)) as Record<string, unknown> | null)
      : null
    if (info && info.sub === payload.sub) Object.assign(claims, info, { sub: payload.sub })
  }
  return claims
}
