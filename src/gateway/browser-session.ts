import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { toBase64Url } from '../crypto/encoding'
import { sha256 } from '../crypto/hash'
import { randomToken } from '../crypto/random'
import type { Identity } from './authorizer'
import type { GatewayConfig, ProviderConfig } from './config'
import type { JwksCache } from './jwks-cache'
import { providerMetadata, type ProviderMetadata } from './provider-metadata'
import {
  clearFlowCookie,
  clearSessionCookies,
  flowCookie,
  readCookies,
  readFlow,
  readSession,
  sessionCookies,
  type GatewaySession,
} from './session-cookie'
import type { GatewayContext } from './gateway-context'

const redirect = (location: string, cookies: string[] = []): Response => {
  const headers = new Headers({
    location,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  })
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  return new Response(null, { status: 303, headers })
}

const callbackUri = (config: GatewayConfig, request: Request) =>
  `${new URL(request.url).origin}${config.session.callbackPath}`

/** Only a path on this host may be returned to after sign-in (no open redirect). */
export function safeReturnTo(candidate: string | null | undefined): string {
  if (!candidate?.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\'))
    return '/'
  return candidate
}

/** Sends an unauthenticated browser to the provider: code + PKCE, state and nonce in a sealed cookie. */
export async function startSignIn(
  request: Request,
  providerName: string,
  provider: ProviderConfig,
  context: GatewayContext,
  config: GatewayConfig,
): Promise<Response> {
  const metadata = await providerMetadata(
    provider,
    context.selfOrigin,
    context.selfFetch,
    context.now,
  )
  const url = new URL(request.url)
  const flow = {
    provider: providerName,
    state: randomToken(24),
    nonce: randomToken(24),
    verifier: randomToken(48),
    returnTo: safeReturnTo(url.pathname + url.search),
    expiresAt: context.now + 600_000,
  }
  const authorize = new URL(metadata.authorizationEndpoint)
  authorize.search = new URLSearchParams({
    client_id: provider.clientIds[0]!,
    response_type: 'code',
    redirect_uri: callbackUri(config, request),
    scope: provider.scopes.join(' '),
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: toBase64Url(await sha256(flow.verifier)),
    code_challenge_method: 'S256',
  }).toString()
  return redirect(authorize.toString(), [await flowCookie(context.sealer, flow)])
}

async function tokenRequest(
  metadata: ProviderMetadata,
  provider: ProviderConfig,
  fields: Record<string, string>,
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  const body = new URLSearchParams({ ...fields, client_id: provider.clientIds[0]! })
  if (provider.clientSecret)
    headers.authorization = `Basic ${btoa(`${encodeURIComponent(provider.clientIds[0]!)}:${encodeURIComponent(provider.clientSecret)}`)}`
  const response = await metadata.fetcher(metadata.tokenEndpoint, {
    method: 'POST',
    headers,
    body: body.toString(),
  })
  const json = (await response.json()) as Record<string, unknown>
  if (!response.ok) throw new Error(`token endpoint: ${String(json.error ?? response.status)}`)
  return json
}

/** Turns a token response into a session, checking the ID token (signature, iss, aud, nonce). */
async function sessionFrom(
  tokens: Record<string, unknown>,
  providerName: string,
  provider: ProviderConfig,
  metadata: ProviderMetadata,
  jwks: JwksCache,
  now: number,
  nonce: string | undefined,
  previous?: GatewaySession,
): Promise<GatewaySession> {
  const accessToken = String(tokens.access_token ?? '')
  const idToken = typeof tokens.id_token === 'string' ? tokens.id_token : previous?.idToken
  // Who the user is comes from the ID token, or from the access token when it is a JWT; an opaque token alone names nobody.
  if (!idToken && typeof claimsOf(accessToken).sub !== 'string')
    throw new Error(
      'the provider returned neither an ID token nor a JWT access token (ask for the openid scope)',
    )
  if (typeof tokens.id_token === 'string') {
    const header = decodeProtectedHeader(tokens.id_token)
    const key = await jwks.key(
      metadata.jwksUri,
      String(header.kid),
      String(header.alg),
      metadata.fetcher,
    )
    if (!key || !['RS256', 'ES256'].includes(String(header.alg)))
      throw new Error('ID token key not found')
    const { payload } = await jwtVerify(tokens.id_token, key, {
      issuer: metadata.issuer,
      audience: provider.clientIds[0]!,
      currentDate: new Date(now),
      clockTolerance: provider.clockSkewSeconds,
    })
    if (nonce !== undefined && payload.nonce !== nonce) throw new Error('nonce mismatch')
  }
  return {
    provider: providerName,
    accessToken,
    ...(idToken ? { idToken } : {}),
    ...(typeof tokens.refresh_token === 'string'
      ? { refreshToken: tokens.refresh_token }
      : previous?.refreshToken
        ? { refreshToken: previous.refreshToken }
        : {}),
    accessExpiresAt: Math.floor(now / 1000) + Number(tokens.expires_in ?? 300),
    createdAt: previous?.createdAt ?? now,
    lastSeenAt: now,
  }
}

/** The callback: state checked, code exchanged, session cookie set, back to where the user was. */
export async function handleCallback(
  request: Request,
  context: GatewayContext,
  config: GatewayConfig,
  jwks: JwksCache,
): Promise<Response> {
  const cookies = readCookies(request)
  const flow = await readFlow(context.sealer, cookies)
  const params = new URL(request.url).searchParams
  const provider = flow ? config.providers[flow.provider] : undefined
  if (!flow || !provider || flow.expiresAt < context.now || params.get('state') !== flow.state)
    return new Response(
      'This sign-in link has expired or was not started here. Go back and try again.',
      { status: 400, headers: { 'cache-control': 'no-store' } },
    )
  const metadata = await providerMetadata(
    provider,
    context.selfOrigin,
    context.selfFetch,
    context.now,
  )
  // RFC 9207: when the provider names itself, it must be the one we sent the user to.
  if (params.has('iss') && params.get('iss') !== metadata.issuer)
    return new Response('The sign-in answer came from an unexpected issuer.', { status: 400 })
  if (params.has('error') || !params.get('code'))
    return new Response(`Sign-in failed: ${params.get('error') ?? 'no code'}`, {
      status: 400,
      headers: { 'cache-control': 'no-store' },
    })
  const tokens = await tokenRequest(metadata, provider, {
    grant_type: 'authorization_code',
    code: params.get('code')!,
    redirect_uri: callbackUri(config, request),
    code_verifier: flow.verifier,
  })
  const session = await sessionFrom(
    tokens,
    flow.provider,
    provider,
    metadata,
    jwks,
    context.now,
    flow.nonce,
  )
  return redirect(`${new URL(request.url).origin}${flow.returnTo}`, [
    ...(await sessionCookies(context.sealer, session, 0)),
    clearFlowCookie(),
  ])
}

/**
 * The identity of a browser with a session cookie, after the idle and absolute timeouts and a
 * silent refresh when the access token is about to expire. A failed refresh (revoked, signed out
 * globally) ends the session: revocation is honoured within one access-token lifetime.
 */
export async function sessionIdentity(
  request: Request,
  providerName: string,
  provider: ProviderConfig,
  context: GatewayContext,
  config: GatewayConfig,
  jwks: JwksCache,
): Promise<
  { identity: Identity; setCookies: string[] } | { identity: null; setCookies: string[] }
> {
  const opened = await readSession(context.sealer, readCookies(request))
  if (!opened || opened.session.provider !== providerName) return { identity: null, setCookies: [] }
  let session = opened.session
  const expired =
    context.now - session.lastSeenAt > config.session.idleTimeoutSeconds * 1000 ||
    context.now - session.createdAt > config.session.absoluteTimeoutSeconds * 1000
  if (expired) return { identity: null, setCookies: clearSessionCookies(opened.chunks) }
  if (
    session.accessExpiresAt - config.session.refreshMarginSeconds <=
    Math.floor(context.now / 1000)
  ) {
    if (!session.refreshToken)
      return { identity: null, setCookies: clearSessionCookies(opened.chunks) }
    try {
      const metadata = await providerMetadata(
        provider,
        context.selfOrigin,
        context.selfFetch,
        context.now,
      )
      const tokens = await tokenRequest(metadata, provider, {
        grant_type: 'refresh_token',
        refresh_token: session.refreshToken,
      })
      session = await sessionFrom(
        tokens,
        providerName,
        provider,
        metadata,
        jwks,
        context.now,
        undefined,
        session,
      )
    } catch {
      return { identity: null, setCookies: clearSessionCookies(opened.chunks) }
    }
  }
  // Touch the session at most once a minute, so busy pages do not rewrite the cookie on every request.
  const touched = context.now - session.lastSeenAt > 60_000 || session !== opened.session
  if (touched) session = { ...session, lastSeenAt: context.now }
  return {
    identity: { claims: sessionClaims(session), token: session.accessToken },
    setCookies: touched ? await sessionCookies(context.sealer, session, opened.chunks) : [],
  }
}

/** A JWT's claims, or nothing when the token is opaque (many providers' access tokens are). */
function claimsOf(token: string | undefined): Record<string, unknown> {
  if (!token) return {}
  try {
    return decodeJwt(token) as Record<string, unknown>
  } catch {
    return {}
  }
}

/**
 * The identity of a session: the ID token's claims over the access token's. Both came from the
 * token endpoint over the back channel (the ID token verified on arrival) and stayed sealed since.
 */
function sessionClaims(session: GatewaySession): Identity['claims'] {
  const access = claimsOf(session.accessToken)
  return {
    ...access,
    ...claimsOf(session.idToken),
    token_use: 'access',
    scope: access.scope,
  } as Identity['claims']
}

/** Ends the gateway session and chains to the provider's logout (RP-initiated) when it has one. */
export async function handleLogout(
  request: Request,
  context: GatewayContext,
  config: GatewayConfig,
): Promise<Response> {
  const opened = await readSession(context.sealer, readCookies(request))
  const cookies = clearSessionCookies(opened?.chunks ?? 1)
  const provider = opened ? config.providers[opened.session.provider] : undefined
  const after = config.session.postLogoutRedirect ?? `${new URL(request.url).origin}/`
  if (!opened || !provider) return redirect(after, cookies)
  const metadata = await providerMetadata(
    provider,
    context.selfOrigin,
    context.selfFetch,
    context.now,
  )
  if (!metadata.endSessionEndpoint) return redirect(after, cookies)
  const logout = new URL(metadata.endSessionEndpoint)
  logout.search = new URLSearchParams({
    client_id: provider.clientIds[0]!,
    post_logout_redirect_uri: after,
    ...(opened.session.idToken ? { id_token_hint: opened.session.idToken } : {}),
  }).toString()
  return redirect(logout.toString(), cookies)
}
