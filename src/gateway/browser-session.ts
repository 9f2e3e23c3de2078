import { decodeJwt } from 'jose'
import { ProviderUnavailable } from '../errors/gateway'
import { COOKIES, clearCookie, readCookies, setCookie } from '../http/cookies'
import { COMMON_ALGORITHMS } from '../oidc/algorithms'
import { authorizationUrl, newFlowSecrets } from '../oidc/authorization-request'
import { revokeToken, tokenRequest as requestTokens } from '../oidc/back-channel'
import type { ProviderMetadata } from '../oidc/discovery'
import { ProviderUnreachable } from '../oidc/errors'
import { verifyIdToken } from '../oidc/id-token'
import type { JwksCache } from '../oidc/jwks'
import { responseIssuerProblem } from '../oidc/response-issuer'
import type { Identity } from './authorizer'
import type { GatewayConfig, ProviderConfig } from './config'
import type { GatewayContext } from './gateway-context'
import { providerMetadata } from './provider-metadata'
import { publicOrigin } from './public-origin'
import type { GatewaySession } from './session-store'

/** The sign-in round trip's state: sealed, bound to nothing a third party can choose, ten minutes. */
interface FlowState {
  provider: string
  state: string
  nonce: string
  verifier: string
  returnTo: string
  expiresAt: number
}

const FLOW_PURPOSE = 'gateway-flow'
const FLOW_SECONDS = 600

const redirect = (location: string, cookies: string[] = []): Response => {
  const headers = new Headers({
    location,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  })
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  return new Response(null, { status: 303, headers })
}

const plain = (status: number, text: string): Response =>
  new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  })

const callbackUri = (config: GatewayConfig, request: Request) =>
  `${publicOrigin(request, config)}${config.session.callbackPath}`

/** Only a path on this host may be returned to after sign-in (no open redirect). */
export function safeReturnTo(candidate: string | null | undefined): string {
  if (!candidate?.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\'))
    return '/'
  return candidate
}

/**
 * Sends an unauthenticated browser to the provider: code + PKCE, state and nonce in a sealed
 * cookie, and back to `returnTo` (a path on this host) afterwards.
 */
export async function startSignIn(
  request: Request,
  providerName: string,
  provider: ProviderConfig,
  context: GatewayContext,
  config: GatewayConfig,
  returnTo: string,
): Promise<Response> {
  const metadata = await providerMetadata(
    provider,
    context.selfOrigin,
    context.selfFetch,
    context.now,
  )
  const flow: FlowState = {
    provider: providerName,
    ...newFlowSecrets(),
    returnTo: safeReturnTo(returnTo),
    expiresAt: context.now + FLOW_SECONDS * 1000,
  }
  const authorize = await authorizationUrl(metadata, {
    clientId: provider.clientIds[0]!,
    redirectUri: callbackUri(config, request),
    scope: provider.scopes.join(' '),
    state: flow.state,
    nonce: flow.nonce,
    verifier: flow.verifier,
  })
  const sealed = await context.sealer.seal(FLOW_PURPOSE, flow)
  return redirect(authorize, [setCookie(COOKIES.gatewayFlow, sealed, FLOW_SECONDS)])
}

/** The gateway as its provider's client: the first client id, and the secret when it has one. */
const clientOf = (provider: ProviderConfig) => ({
  clientId: provider.clientIds[0]!,
  ...(provider.clientSecret ? { clientSecret: provider.clientSecret } : {}),
})

/**
 * A token request. A provider that cannot be reached (network error, 5xx) is ProviderUnavailable,
 * which keeps a session alive for a later try; a refusal (4xx: revoked, expired) is a plain Error.
 */
async function tokenRequest(
  metadata: ProviderMetadata,
  provider: ProviderConfig,
  fields: Record<string, string>,
): Promise<Record<string, unknown>> {
  let answer: Awaited<ReturnType<typeof requestTokens>>
  try {
    answer = await requestTokens(metadata, clientOf(provider), fields)
  } catch (error) {
    if (error instanceof ProviderUnreachable)
      throw new ProviderUnavailable(`token endpoint: ${error.message}`)
    throw error
  }
  if (answer.status >= 500)
    throw new ProviderUnavailable(`token endpoint answered ${answer.status}`)
  const json = answer.body ?? {}
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(`token endpoint: ${String(json.error ?? answer.status)}`)
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
  if (typeof tokens.id_token === 'string')
    await verifyIdToken(tokens.id_token, {
      provider: metadata,
      jwks,
      algorithms: COMMON_ALGORITHMS,
      clientId: provider.clientIds[0]!,
      skewSeconds: provider.clockSkewSeconds,
      now,
      nonce,
    })
  const refreshToken =
    typeof tokens.refresh_token === 'string' ? tokens.refresh_token : previous?.refreshToken
  return {
    provider: providerName,
    accessToken,
    ...(idToken ? { idToken } : {}),
    ...(refreshToken ? { refreshToken } : {}),
    accessExpiresAt: Math.floor(now / 1000) + Number(tokens.expires_in ?? 300),
    createdAt: previous?.createdAt ?? now,
    lastSeenAt: now,
  }
}

/** The callback: state checked, code exchanged, a new session, back to where the user was. */
export async function handleCallback(
  request: Request,
  context: GatewayContext,
  config: GatewayConfig,
  jwks: JwksCache,
): Promise<Response> {
  const cookies = readCookies(request)
  const sealedFlow = cookies[COOKIES.gatewayFlow]
  const flow = sealedFlow ? await context.sealer.open<FlowState>(FLOW_PURPOSE, sealedFlow) : null
  const params = new URL(request.url).searchParams
  const provider = flow ? config.providers[flow.provider] : undefined
  if (!flow || !provider || flow.expiresAt < context.now || params.get('state') !== flow.state)
    return plain(
      400,
      'This sign-in link has expired or was not started here. Go back and try again.',
    )
  const metadata = await providerMetadata(
    provider,
    context.selfOrigin,
    context.selfFetch,
    context.now,
  )
  // RFC 9207: the answer must name the provider we sent the user to (or, if it never says, nobody).
  if (responseIssuerProblem(metadata, params.get('iss') ?? undefined))
    return plain(400, 'The sign-in answer came from an unexpected issuer.')
  if (params.has('error') || !params.get('code'))
    return plain(400, `Sign-in failed: ${params.get('error')?.slice(0, 100) ?? 'no code'}`)
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
  // Always a new session (a new id): nothing from before the sign-in carries over.
  const created = await context.sessions.create(session)
  return redirect(`${publicOrigin(request, config)}${flow.returnTo}`, [
    ...created,
    clearCookie(COOKIES.gatewayFlow),
  ])
}

const needsRefresh = (session: GatewaySession, config: GatewayConfig, now: number) =>
  session.accessExpiresAt - config.session.refreshMarginSeconds <= Math.floor(now / 1000)

/**
 * The identity of a browser with a session cookie, after the idle and absolute timeouts and a
 * silent refresh when the access token is about to expire. A failed refresh (revoked, signed out
 * globally) ends the session: revocation is honoured within one access-token lifetime. Concurrent
 * requests refresh once (the store's single flight), so a rotating refresh token is never raced.
 */
export async function sessionIdentity(
  request: Request,
  providerName: string,
  provider: ProviderConfig,
  context: GatewayContext,
  config: GatewayConfig,
  jwks: JwksCache,
): Promise<{ identity: Identity | null; setCookies: string[] }> {
  const cookies = readCookies(request)
  const loaded = await context.sessions.load(cookies)
  if (!loaded || loaded.session.provider !== providerName) return { identity: null, setCookies: [] }
  let session = loaded.session
  const now = context.now
  const expired =
    now - session.lastSeenAt > config.session.idleTimeoutSeconds * 1000 ||
    now - session.createdAt > config.session.absoluteTimeoutSeconds * 1000
  if (expired)
    return { identity: null, setCookies: (await context.sessions.end(cookies)).setCookies }
  const setCookies: string[] = []
  if (needsRefresh(session, config, now)) {
    if (!session.refreshToken)
      return { identity: null, setCookies: (await context.sessions.end(cookies)).setCookies }
    const refreshed = await context.sessions.refresh(loaded, async (current) => {
      // Another request may have refreshed while this one waited for its turn.
      if (current.accessToken !== loaded.session.accessToken) return current
      let metadata: ProviderMetadata
      try {
        metadata = await providerMetadata(provider, context.selfOrigin, context.selfFetch, now)
      } catch (error) {
        throw new ProviderUnavailable(`discovery: ${(error as Error).message}`)
      }
      try {
        const tokens = await tokenRequest(metadata, provider, {
          grant_type: 'refresh_token',
          refresh_token: current.refreshToken!,
        })
        return await sessionFrom(
          tokens,
          providerName,
          provider,
          metadata,
          jwks,
          now,
          undefined,
          current,
        )
      } catch (error) {
        if (error instanceof ProviderUnavailable) throw error
        console.error(`gateway: refresh for ${providerName} refused: ${(error as Error).message}`)
        return null
      }
    })
    setCookies.push(...refreshed.setCookies)
    if (!refreshed.session) return { identity: null, setCookies }
    // A refresh that could not reach the provider left the old tokens in place: no identity to vouch for.
    if (refreshed.session.accessToken === loaded.session.accessToken)
      throw new ProviderUnavailable('the session could not be refreshed')
    session = refreshed.session
  } else if (now - session.lastSeenAt > 60_000) {
    // Activity is recorded at most once a minute, so busy pages do not write on every request.
    session = { ...session, lastSeenAt: now }
    setCookies.push(...(await context.sessions.save(loaded, session)))
  }
  return { identity: { claims: sessionClaims(session), token: session.accessToken }, setCookies }
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

/**
 * Ends the gateway session for good (a copy of the cookie opens nothing afterwards), revokes its
 * refresh token at the provider (RFC 7009) when the provider offers revocation, and chains to the
 * provider's logout (RP-initiated) when it has one.
 */
export async function handleLogout(
  request: Request,
  context: GatewayContext,
  config: GatewayConfig,
): Promise<Response> {
  const { ended, setCookies } = await context.sessions.end(readCookies(request))
  const provider = ended ? config.providers[ended.provider] : undefined
  const after = config.session.postLogoutRedirect ?? `${publicOrigin(request, config)}/`
  if (!ended || !provider) return redirect(after, setCookies)
  let metadata: ProviderMetadata
  try {
    metadata = await providerMetadata(provider, context.selfOrigin, context.selfFetch, context.now)
  } catch (error) {
    console.error(`gateway: logout could not reach ${ended.provider}: ${(error as Error).message}`)
    return redirect(after, setCookies)
  }
  if (ended.refreshToken && metadata.revocationEndpoint) {
    const revoked = await revokeToken(
      metadata,
      clientOf(provider),
      ended.refreshToken,
      'refresh_token',
    )
    if (!revoked) console.error(`gateway: revoking the refresh token at ${ended.provider} failed`)
  }
  if (!metadata.endSessionEndpoint) return redirect(after, setCookies)
  const logout = new URL(metadata.endSessionEndpoint)
  logout.search = new URLSearchParams({
    client_id: provider.clientIds[0]!,
    post_logout_redirect_uri: after,
    ...(ended.idToken ? { id_token_hint: ended.idToken } : {}),
  }).toString()
  return redirect(logout.toString(), setCookies)
}
