import { Unauthenticated, verifyBearer, type Identity } from './authorizer'
import { GatewayConfigError, matchRoute, type GatewayConfig, type RouteConfig } from './config'
import { identityHeaders } from './identity-headers'
import { JwksCache } from './jwks-cache'
import type { GatewayContext } from './gateway-context'
import { handleCallback, handleLogout, sessionIdentity, startSignIn } from './browser-session'
import { meetsRequirements } from './policy'
import { providerMetadata, type ProviderMetadata } from './provider-metadata'
import type { WorkerBindings } from './origin-fetch'
import { describeOrigin } from './origin-spec'
import { proxyToOrigin } from './proxy'

export type { GatewayContext }

const jwks = new JwksCache()
const SIGNER_NAME = 'portcullis-gateway'

type Decision =
  | { kind: 'allow'; route: RouteConfig; headers: Record<string, string>; setCookies: string[] }
  | { kind: 'deny'; status: 401 | 403; reason: string; setCookies: string[] }
  | { kind: 'sign-in'; providerName: string; setCookies: string[] }
  | { kind: 'no-route' }
  | { kind: 'unavailable' }

const bearerOf = (request: Request): string | undefined =>
  /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]

/** Decides a request against the route table: which route, who is calling, and whether they may. */
async function decide(
  request: Request,
  host: string,
  path: string,
  context: GatewayContext,
  config: GatewayConfig,
): Promise<Decision> {
  const route = matchRoute(config, host, path)
  if (!route) return { kind: 'no-route' }
  const provider = route.provider ? config.providers[route.provider] : undefined
  const token = bearerOf(request)
  let identity: Identity | undefined
  let setCookies: string[] = []
  if (provider && token) {
    let endpoints: ProviderMetadata
    try {
      endpoints = await providerMetadata(
        provider,
        context.selfOrigin,
        context.selfFetch,
        context.now,
      )
    } catch (error) {
      // Without the provider's keys no token can be judged: say so rather than call a good token invalid.
      console.error(`gateway: provider ${route.provider} unavailable: ${(error as Error).message}`)
      return { kind: 'unavailable' }
    }
    try {
      identity = await verifyBearer(token, provider, endpoints, jwks, context.now)
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error
      return { kind: 'deny', status: 401, reason: error.message, setCookies }
    }
  } else if (provider && route.provider) {
    const fromSession = await sessionIdentity(
      request,
      route.provider,
      provider,
      context,
      config,
      jwks,
    )
    setCookies = fromSession.setCookies
    identity = fromSession.identity ?? undefined
  }
  if (!identity) {
    if (route.unauthenticated === 'allow') return { kind: 'allow', route, headers: {}, setCookies }
    if (route.unauthenticated === 'authenticate' && route.provider && request.method === 'GET')
      return { kind: 'sign-in', providerName: route.provider, setCookies }
    return { kind: 'deny', status: 401, reason: 'authentication required', setCookies }
  }
  if (!meetsRequirements(identity, route.require))
    return { kind: 'deny', status: 403, reason: 'requirements not met', setCookies }
  const signer = await context.signer()
  const issuer = String(identity.claims.iss ?? '')
  return {
    kind: 'allow',
    route,
    headers: await identityHeaders(identity, route, signer, issuer, SIGNER_NAME),
    setCookies,
  }
}

function withCookies(response: Response, cookies: string[]): Response {
  if (cookies.length === 0 || response.status === 101) return response
  const headers = new Headers(response.headers)
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  })
}

function denial(status: 401 | 403, reason: string, cookies: string[] = []): Response {
  const body = JSON.stringify({
    error: status === 401 ? 'unauthorized' : 'forbidden',
    message: reason,
  })
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'cache-control': 'no-store',
  }
  if (status === 401)
    headers['www-authenticate'] =
      `Bearer realm="portcullis"${reason === 'authentication required' ? '' : ', error="invalid_token"'}`
  return withCookies(new Response(body, { status, headers }), cookies)
}

function configProblem(error: GatewayConfigError): Response {
  console.error(error.message)
  return new Response(
    JSON.stringify({
      error: 'gateway_misconfigured',
      message: 'The gateway configuration is invalid; see the Worker log.',
    }),
    { status: 500, headers: { 'content-type': 'application/json' } },
  )
}

/** The gateway's verdict on a request: answer it now, or forward it to the origin with these headers. */
export type GatewayVerdict =
  | { kind: 'respond'; response: Response }
  | { kind: 'forward'; route: RouteConfig; headers: Record<string, string>; setCookies: string[] }

const providerUnavailable = () =>
  new Response(
    JSON.stringify({
      error: 'temporarily_unavailable',
      message: 'The identity provider cannot be reached; try again shortly.',
    }),
    {
      status: 503,
      headers: {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'retry-after': '5',
      },
    },
  )

const notFound = () =>
  new Response(JSON.stringify({ error: 'not_found' }), {
    status: 404,
    headers: { 'content-type': 'application/json' },
  })

/**
 * The runtime-independent core: callback and logout paths, route match, identity, policy. The
 * Worker proxies a `forward` verdict itself; at the edge (Lambda@Edge) CloudFront does.
 */
export async function gatewayVerdict(
  request: Request,
  context: GatewayContext,
): Promise<GatewayVerdict> {
  if (context.config instanceof GatewayConfigError)
    return { kind: 'respond', response: configProblem(context.config) }
  const config = context.config
  const url = new URL(request.url)
  if (url.pathname === config.session.callbackPath) {
    try {
      return { kind: 'respond', response: await handleCallback(request, context, config, jwks) }
    } catch (error) {
      console.error(`gateway: sign-in callback failed: ${(error as Error).message}`)
      return {
        kind: 'respond',
        response: new Response(
          'Sign-in could not be completed with the identity provider. Try again.',
          {
            status: 502,
            headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
          },
        ),
      }
    }
  }
  if (url.pathname === config.session.logoutPath)
    return { kind: 'respond', response: await handleLogout(request, context, config) }
  const decision = await decide(request, url.host, url.pathname, context, config)
  if (decision.kind === 'no-route') return { kind: 'respond', response: notFound() }
  if (decision.kind === 'unavailable') return { kind: 'respond', response: providerUnavailable() }
  if (decision.kind === 'deny')
    return {
      kind: 'respond',
      response: denial(decision.status, decision.reason, decision.setCookies),
    }
  if (decision.kind === 'sign-in')
    return {
      kind: 'respond',
      response: withCookies(
        await startSignIn(
          request,
          decision.providerName,
          config.providers[decision.providerName]!,
          context,
          config,
        ),
        decision.setCookies,
      ),
    }
  return {
    kind: 'forward',
    route: decision.route,
    headers: decision.headers,
    setCookies: decision.setCookies,
  }
}

/**
 * Requests no other router claimed: proxied per the route table, or answered by the gateway.
 * `bindings` are the Worker's own (service, assets and R2 origins are reached through them).
 */
export async function handleGatewayRequest(
  request: Request,
  context: GatewayContext,
  bindings: WorkerBindings,
): Promise<Response> {
  const verdict = await gatewayVerdict(request, context)
  if (verdict.kind === 'respond') return verdict.response
  try {
    return withCookies(
      await proxyToOrigin(request, verdict.route, verdict.headers, bindings),
      verdict.setCookies,
    )
  } catch (error) {
    console.error(
      `gateway: origin ${describeOrigin(verdict.route.origin)} unreachable: ${(error as Error).message}`,
    )
    return new Response(JSON.stringify({ error: 'bad_gateway' }), {
      status: 502,
      headers: { 'content-type': 'application/json' },
    })
  }
}

/**
 * Forward auth for nginx `auth_request` and Traefik/Caddy: the original request is described by
 * X-Original-URI / X-Forwarded-Uri and X-Forwarded-Host (or Host). 200 with identity headers, or
 * 401/403; the protected request itself never passes through here.
 */
export async function handleForwardAuth(
  request: Request,
  context: GatewayContext,
): Promise<Response> {
  if (context.config instanceof GatewayConfigError) return configProblem(context.config)
  const originalUri =
    request.headers.get('x-original-uri') ?? request.headers.get('x-forwarded-uri') ?? '/'
  const host = request.headers.get('x-forwarded-host') ?? new URL(request.url).host
  const path = new URL(originalUri, 'http://placeholder').pathname
  const decision = await decide(request, host, path, context, context.config)
  if (decision.kind === 'no-route') return denial(403, 'no route for this request')
  if (decision.kind === 'unavailable') return providerUnavailable()
  if (decision.kind === 'deny') return denial(decision.status, decision.reason, decision.setCookies)
  if (decision.kind === 'sign-in')
    return denial(401, 'authentication required', decision.setCookies)
  return withCookies(
    new Response(null, {
      status: 200,
      headers: { ...decision.headers, 'cache-control': 'no-store' },
    }),
    decision.setCookies,
  )
}

/** GET /_gateway/keys/{kid}: the PEM public key that verifies `x-amzn-oidc-data` (ALB's key URL). */
export async function handleGatewayKey(kid: string, context: GatewayContext): Promise<Response> {
  const signer = await context.signer()
  if (kid !== signer.kid) return new Response('not found', { status: 404 })
  return new Response(await signer.publicKeyPem(), {
    status: 200,
    headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'public, max-age=86400' },
  })
}
