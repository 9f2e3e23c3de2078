import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose'
import { TemporarilyUnavailable } from '../../errors/oauth'
import type { IdentityProvider } from './identity-providers'

/** What Portcullis needs from an upstream provider's discovery document. */
export interface UpstreamMetadata {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  jwks_uri: string
  userinfo_endpoint?: string
  token_endpoint_auth_methods_supported?: string[]
}

const metadataCache = new Map<string, { metadata: UpstreamMetadata; fetchedAt: number }>()
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()
const METADATA_TTL_MS = 10 * 60_000

/** The upstream's discovery document, cached per isolate for ten minutes; its issuer must be the one configured. */
export async function upstreamMetadata(
  provider: IdentityProvider,
  now: number,
): Promise<UpstreamMetadata> {
  const issuer = provider.ProviderDetails.oidc_issuer!.replace(/\/$/, '')
  const cached = metadataCache.get(issuer)
  if (cached && now - cached.fetchedAt < METADATA_TTL_MS) return cached.metadata
  let metadata: UpstreamMetadata
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
    })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    metadata = (await response.json()) as UpstreamMetadata
  } catch (error) {
    throw new TemporarilyUnavailable(
      `${provider.ProviderName} could not be reached (${error instanceof Error ? error.message : 'error'}); try again later.`,
      { status: 503 },
    )
  }
  if (
    metadata.issuer?.replace(/\/$/, '') !== issuer ||
    !metadata.authorization_endpoint ||
    !metadata.token_endpoint ||
    !metadata.jwks_uri
  ) {
    throw new TemporarilyUnavailable(
      `${provider.ProviderName}'s discovery document does not describe the configured issuer.`,
      { status: 502 },
    )
  }
  metadataCache.set(issuer, { metadata, fetchedAt: now })
  return metadata
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
    tokens = (await (
      await fetch(metadata.token_endpoint, { method: 'POST', headers, body: form.toString() })
    ).json()) as typeof tokens
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
    }).catch(() => null)
    const info = response?.ok
      ? ((await response.json().catch(() => null)) as Record<string, unknown> | null)
      : null
    if (info && info.sub === payload.sub) Object.assign(claims, info, { sub: payload.sub })
  }
  return claims
}
