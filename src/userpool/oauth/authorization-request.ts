import {
  InvalidRequest,
  InvalidScope,
  LoginRequired,
  OAuthError,
  UnauthorizedClient,
  UnsupportedResponseType,
} from '../../errors/oauth'
import { ResourceNotFoundException } from '../../errors/cognito'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import { resolveClient, type ResolvedClient } from '../clients/client-auth'
import type { UserPoolServices } from '../services'
import { issueAuthorizationCode } from './authorization-codes'
import { grantScopes } from './scopes'
import { requireClient } from '../store/pool-repository'
import { signUserTokens, userTokenCustomization } from '../tokens/issue-tokens'
import { startRefreshFamily } from '../tokens/refresh-tokens'
import { validitySeconds } from '../clients/clients'

/** A validated /oauth2/authorize request. */
export interface AuthorizationRequest {
  clientId: string
  redirectUri: string
  /** `token` is the implicit grant, only for clients that list `implicit` in AllowedOAuthFlows. */
  responseType: 'code' | 'token'
  responseMode: 'query' | 'fragment' | 'form_post'
  scopes: string[]
  state?: string
  nonce?: string
  codeChallenge?: string
  prompt: string[]
  maxAge?: number
}

/** Where and how to answer the client: parameters for its redirect URI. */
export interface AuthorizationResponse {
  redirectUri: string
  responseMode: 'query' | 'fragment' | 'form_post'
  params: Record<string, string>
}

/** The request could not be tied to a client and redirect URI: show an error page, never redirect. */
export class UnsafeAuthorizationRequest extends OAuthError {
  static override code = 'invalid_request'
}

/** An error to send back to the (verified) redirect URI, as RFC 6749 §4.1.2.1 asks. */
export class RedirectableError extends Error {
  constructor(
    readonly error: OAuthError,
    readonly response: AuthorizationResponse,
  ) {
    super(error.message)
  }
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost'])

/** Exact match, except that a loopback redirect may use any port (RFC 8252 §7.3). */
export function redirectUriMatches(registered: string[], candidate: string): boolean {
  if (registered.includes(candidate)) return true
  let wanted: URL
  try {
    wanted = new URL(candidate)
  } catch {
    return false
  }
  if (wanted.protocol !== 'http:' || !LOOPBACK.has(wanted.hostname)) return false
  return registered.some((entry) => {
    try {
      const url = new URL(entry)
      return (
        url.protocol === 'http:' &&
        url.hostname === wanted.hostname &&
        url.pathname === wanted.pathname &&
        url.search === wanted.search
      )
    } catch {
      return false
    }
  })
}

/** Stage 1: client and redirect URI. Failures here are shown to the user, not redirected. */
async function trustedTarget(
  services: UserPoolServices,
  params: Record<string, string | undefined>,
  hostPoolId: string | null,
): Promise<{ pool: UserPoolConfig; client: UserPoolClientConfig; redirectUri: string }> {
  const clientId = params.client_id
  if (!clientId || !/^[\w+]{1,128}$/.test(clientId))
    throw new UnsafeAuthorizationRequest('The client_id parameter is missing or malformed.')
  let resolved: ResolvedClient
  try {
    resolved = await resolveClient(services, clientId)
  } catch (error) {
    if (error instanceof ResourceNotFoundException)
      throw new UnsafeAuthorizationRequest(
        'The client_id does not name a client of this user pool.',
      )
    throw error
  }
  if (hostPoolId && resolved.pool.Id !== hostPoolId)
    throw new UnsafeAuthorizationRequest('The client_id does not name a client of this user pool.')
  const redirectUri = params.redirect_uri ?? resolved.client.DefaultRedirectURI
  if (!redirectUri || !redirectUriMatches(resolved.client.CallbackURLs ?? [], redirectUri)) {
    throw new UnsafeAuthorizationRequest('The redirect_uri is not registered for this client.')
  }
  return { ...resolved, redirectUri }
}

/**
 * Validates an authorization request (query or form parameters). Errors about the client or the
 * redirect URI throw UnsafeAuthorizationRequest; every later error throws RedirectableError.
 */
export async function validateAuthorizationRequest(
  services: UserPoolServices,
  params: Record<string, string | undefined>,
  hostPoolId: string | null,
  issuer: (poolId: string) => string,
): Promise<{ pool: UserPoolConfig; client: UserPoolClientConfig; request: AuthorizationRequest }> {
  const { pool, client, redirectUri } = await trustedTarget(services, params, hostPoolId)
  const implicit = params.response_type === 'token'
  // Implicit responses never travel in the query (OAuth 2.0 Multiple Response Types §3.0).
  const responseMode =
    params.response_mode === 'form_post' ? 'form_post' : implicit ? 'fragment' : 'query'
  const fail = (error: OAuthError): never => {
    throw new RedirectableError(error, {
      redirectUri,
      responseMode,
      params: {
        error: error.code,
        error_description: error.message,
        ...(params.state !== undefined ? { state: params.state } : {}),
        iss: issuer(pool.Id),
      },
    })
  }
  if (
    params.response_mode !== undefined &&
    !['query', 'fragment', 'form_post'].includes(params.response_mode)
  )
    fail(new InvalidRequest('response_mode must be query, fragment or form_post'))
  if (implicit && params.response_mode === 'query')
    fail(new InvalidRequest('response_mode=query is not allowed for response_type=token'))
  if (params.response_type !== 'code' && !implicit)
    fail(new UnsupportedResponseType('response_type must be code or token'))
  const flows = client.AllowedOAuthFlowsUserPoolClient ? (client.AllowedOAuthFlows ?? []) : []
  // The implicit grant stays off unless the client opted in (RFC 9700 §2.1.2).
  if (implicit && !flows.includes('implicit'))
    fail(new UnauthorizedClient('The implicit grant is not enabled for this client'))
  if (!implicit && !flows.includes('code'))
    fail(new UnauthorizedClient('The authorization code grant is not enabled for this client'))
  const method = params.code_challenge_method
  if (implicit) {
    if (params.code_challenge !== undefined)
      fail(new InvalidRequest('PKCE applies to the code flow only'))
  } else if (params.code_challenge !== undefined || method !== undefined) {
    if (method !== 'S256') fail(new InvalidRequest('code_challenge_method must be S256'))
    if (!params.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge))
      fail(new InvalidRequest('code_challenge must be a base64url SHA-256 hash'))
  } else if (!client.ClientSecret) {
    fail(new InvalidRequest('PKCE (code_challenge with S256) is required for public clients'))
  }
  let scopes: string[] = []
  try {
    scopes = await grantScopes(services, pool, client, params.scope, 'user')
  } catch (error) {
    if (error instanceof InvalidScope) fail(error)
    throw error
  }
  const maxAge = params.max_age !== undefined ? Number(params.max_age) : undefined
  if (maxAge !== undefined && (!Number.isInteger(maxAge) || maxAge < 0))
    fail(new InvalidRequest('max_age must be a non-negative integer'))
  const prompt = (params.prompt ?? '').split(' ').filter(Boolean)
  if (prompt.includes('none') && prompt.length > 1)
    fail(new InvalidRequest('prompt=none cannot be combined with other values'))
  return {
    pool,
    client,
    request: {
      clientId: client.ClientId,
      redirectUri,
      responseType: implicit ? 'token' : 'code',
      responseMode,
      scopes,
      ...(params.state !== undefined ? { state: params.state } : {}),
      ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
      ...(params.code_challenge !== undefined ? { codeChallenge: params.code_challenge } : {}),
      prompt,
      ...(maxAge !== undefined ? { maxAge } : {}),
    },
  }
}

/** Whether an existing sign-in satisfies the request, or the user must sign in (again). */
export function needsLogin(
  request: AuthorizationRequest,
  session: { authTime: number } | null,
  nowSeconds: number,
): boolean {
  if (!session || request.prompt.includes('login')) return true
  return request.maxAge !== undefined && nowSeconds - session.authTime > request.maxAge
}

/** An error for a validated request, sent back to its redirect URI with its `state` and our `iss`. */
export function redirectableError(
  request: AuthorizationRequest,
  issuer: string,
  error: OAuthError,
): RedirectableError {
  return new RedirectableError(error, {
    redirectUri: request.redirectUri,
    responseMode: request.responseMode,
    params: {
      error: error.code,
      error_description: error.message,
      ...(request.state !== undefined ? { state: request.state } : {}),
      iss: issuer,
    },
  })
}

/** The error for prompt=none when a login would be needed. */
export function loginRequired(request: AuthorizationRequest, issuer: string): RedirectableError {
  return redirectableError(request, issuer, new LoginRequired('The user must sign in'))
}

/**
 * A successful answer: a single-use code with `state` and `iss` (RFC 9207), or for an implicit
 * client the access token (and ID token for `openid`) without a refresh token, in the fragment.
 */
export async function authorizeUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  request: AuthorizationRequest,
  user: UserRecord,
  authTime: number,
  issuer: string,
  /** The sign-in's auth event (threat protection): the `event_id` of the tokens this answer leads to. */
  eventId?: string,
): Promise<AuthorizationResponse> {
  const event = eventId ? { eventId } : {}
  const tail = { ...(request.state !== undefined ? { state: request.state } : {}), iss: issuer }
  if (request.responseType === 'token') {
    const client = await requireClient(services, pool.Id, request.clientId)
    // A family record makes these tokens revocable (global sign-out); its refresh secret is never sent.
    const lifetime = validitySeconds(
      client.AccessTokenValidity,
      client.TokenValidityUnits.AccessToken,
    )
    const customization = await userTokenCustomization(
      services,
      pool,
      client,
      user,
      { source: 'TokenGeneration_HostedAuth' },
      request.scopes,
    )
    const { family } = await startRefreshFamily(
      services,
      pool,
      client,
      user.username,
      lifetime,
      authTime,
      request.scopes,
      event,
    )
    const signed = await signUserTokens(services, pool, client, user, {
      issuer,
      originJti: family.originJti,
      authTime,
      scopes: request.scopes,
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      customization,
      ...event,
    })
    return {
      redirectUri: request.redirectUri,
      responseMode: request.responseMode,
      params: {
        access_token: signed.accessToken,
        ...(request.scopes.includes('openid') ? { id_token: signed.idToken } : {}),
        token_type: 'Bearer',
        expires_in: String(signed.expiresIn),
        ...tail,
      },
    }
  }
  const code = await issueAuthorizationCode(services, pool, {
    clientId: request.clientId,
    username: user.username,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    ...(request.codeChallenge !== undefined ? { codeChallenge: request.codeChallenge } : {}),
    authTime,
    ...event,
  })
  return {
    redirectUri: request.redirectUri,
    responseMode: request.responseMode,
    params: { code, ...(request.state !== undefined ? { state: request.state } : {}), iss: issuer },
  }
}
