import type { ProviderMetadata } from './discovery'
import { ProviderUnreachable } from './errors'

/** This relying party as the provider knows it. */
export interface ClientCredentials {
  clientId: string
  /** A confidential client's secret; a public client (`none`) has none. */
  clientSecret?: string
}

/** A token endpoint's answer: its status, and its JSON object body when it had one. */
export interface TokenAnswer {
  status: number
  body: Record<string, unknown> | undefined
}

type BackChannel = Pick<ProviderMetadata, 'fetch'>

/**
 * How the client authenticates to an endpoint whose provider takes `methods` (absent: RFC 8414's
 * default, `client_secret_basic`): HTTP Basic when it may, else the secret in the body
 * (`client_secret_post`); without a secret, the client id alone (`none`). The client id is in the
 * body every time.
 */
function clientAuthentication(
  client: ClientCredentials,
  methods: readonly string[] | undefined,
): { headers: Record<string, string>; fields: Record<string, string> } {
  const fields: Record<string, string> = { client_id: client.clientId }
  const secret = client.clientSecret
  if (!secret) return { headers: {}, fields }
  if ((methods ?? ['client_secret_basic']).includes('client_secret_basic')) {
    const basic = btoa(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(secret)}`)
    return { headers: { authorization: `Basic ${basic}` }, fields }
  }
  return { headers: {}, fields: { ...fields, client_secret: secret } }
}

/**
 * POSTs a form to a provider endpoint with client authentication. A redirect is not followed: it
 * would carry the code, the verifier or the secret elsewhere. Rejects with ProviderUnreachable
 * when no answer comes.
 */
async function postForm(
  provider: BackChannel,
  url: string,
  client: ClientCredentials,
  methods: readonly string[] | undefined,
  fields: Record<string, string>,
): Promise<Response> {
  const auth = clientAuthentication(client, methods)
  try {
    return await provider.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...auth.headers,
      },
      body: new URLSearchParams({ ...fields, ...auth.fields }).toString(),
      redirect: 'manual',
    })
  } catch (error) {
    throw new ProviderUnreachable(`${url}: ${error instanceof Error ? error.message : 'error'}`)
  }
}

/**
 * A token request (`grant_type` and its fields: a code with its verifier and redirect URI, or a
 * refresh token). What an answer means is the caller's to decide; one that never came rejects with
 * ProviderUnreachable.
 */
export async function tokenRequest(
  metadata: Pick<ProviderMetadata, 'tokenEndpoint' | 'tokenEndpointAuthMethods' | 'fetch'>,
  client: ClientCredentials,
  fields: Record<string, string>,
): Promise<TokenAnswer> {
  const response = await postForm(
    metadata,
    metadata.tokenEndpoint,
    client,
    metadata.tokenEndpointAuthMethods,
    fields,
  )
  const body: unknown = await response.json().catch(() => undefined)
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body)
  return { status: response.status, body: isObject ? (body as Record<string, unknown>) : undefined }
}

/**
 * RFC 7009: revokes `token` at the provider's revocation endpoint. True when the provider said so,
 * false when it has no such endpoint, could not be reached or refused.
 */
export async function revokeToken(
  metadata: Pick<
    ProviderMetadata,
    'revocationEndpoint' | 'revocationEndpointAuthMethods' | 'tokenEndpointAuthMethods' | 'fetch'
  >,
  client: ClientCredentials,
  token: string,
  hint: 'refresh_token' | 'access_token',
): Promise<boolean> {
  if (!metadata.revocationEndpoint) return false
  const methods = metadata.revocationEndpointAuthMethods ?? metadata.tokenEndpointAuthMethods
  const response = await postForm(metadata, metadata.revocationEndpoint, client, methods, {
    token,
    token_type_hint: hint,
  }).catch(() => null)
  return response?.ok === true
}

/**
 * The provider's userinfo for `accessToken` (GET, or POST where the provider asks for it), or null
 * when it has no userinfo endpoint, cannot be reached, refuses, or answers for another subject than
 * `subject` (OpenID Connect Core 5.3.2: such an answer must not be used).
 */
export async function fetchUserinfo(
  metadata: Pick<ProviderMetadata, 'userinfoEndpoint' | 'fetch'>,
  accessToken: string,
  options: { subject: string; method: 'GET' | 'POST' },
): Promise<Record<string, unknown> | null> {
  if (!metadata.userinfoEndpoint) return null
  const response = await metadata
    .fetch(metadata.userinfoEndpoint, {
      method: options.method,
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      redirect: 'manual',
    })
    .catch(() => null)
  const info: unknown = response?.ok ? await response.json().catch(() => null) : null
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return null
  return (info as Record<string, unknown>).sub === options.subject
    ? (info as Record<string, unknown>)
    : null
}

/**
 * A resource server's JSON object for `accessToken` (a plain OAuth 2.0 provider's profile API:
 * Graph's `/me`, Login with Amazon's `/user/profile`), by GET with the token as a bearer and no
 * redirect followed. Its status and object body; rejects with ProviderUnreachable when no answer
 * comes.
 */
export async function fetchResource(
  provider: BackChannel,
  url: string,
  accessToken: string,
): Promise<TokenAnswer> {
  let response: Response
  try {
    response = await provider.fetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      redirect: 'manual',
    })
  } catch (error) {
    throw new ProviderUnreachable(`${url}: ${error instanceof Error ? error.message : 'error'}`)
  }
  const body: unknown = await response.json().catch(() => undefined)
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body)
  return { status: response.status, body: isObject ? (body as Record<string, unknown>) : undefined }
}
