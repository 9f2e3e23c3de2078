import { respondGateway } from '../errors/respond'
import type { ProviderMetadata } from '../oidc/discovery'
import { JwksCache } from '../oidc/jwks'
import {
  AmbiguousRequest,
  BadGateway,
  Forbidden,
  GatewayMisconfigured,
  NoRoute,
  ProviderUnavailable,
  SignInFailed,
  Unauthenticated,
} from '../errors/gateway'
import { verifyBearer, type Identity } from './authorizer'
import { handleCallback, handleLogout, sessionIdentity, startSignIn } from './browser-session'
import { GatewayConfigError, matchRoute, type GatewayConfig, type RouteConfig } from './config'
import type { GatewayContext } from './gateway-context'
import { identityHeaders } from './identity-headers'
import type { WorkerBindings } from './origin-fetch'
import { describeOrigin } from './origin-spec'
import { meetsRequirements } from './policy'
import { providerMetadata } from './provider-metadata'
import { proxyToOrigin } from './proxy'
import { publicOrigin } from './public-origin'
import { normalizePath } from './request-path'
import { serveExecuteApi } from './execute-api/front'
import { serveS3 } from './s3/front'

export type { GatewayContext }

const jwks = new JwksCache()
const SIGNER_NAME = 'portcullis-gateway'

/** What the route table and the caller's identity decided (refusals are thrown GatewayErrors). */
type Decision =
  | { kind: 'allow'; route: RouteConfig; headers: Record<string, string> }
  | { kind: 'sign-in'; route: RouteConfig; providerName: string }

const bearerOf = (request: Request): string | undefined =>
  /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]

/** Whether the caller is a browser that would rather read a page than a JSON error. */
const wantsHtml = (request: Request): boolean =>
  (request.headers.get('accept') ?? '').toLowerCase().includes('text/html')

/** A gateway refusal as its wire answer, with any cookies the request's handling decided to set. */
export function gatewayErrorResponse(
  error: unknown,
  request: Request,
  cookies: string[] = [],
): Response {
  const reply = respondGateway(error, { html: wantsHtml(request) })
  return withCookies(
    new Response(reply.body, { status: reply.status, headers: reply.headers }),
    cookies,
  )
}

/** Discovery of the route's provider, or 503: without its keys no token can be judged. */
async function metadataOf(
  name: string,
  context: GatewayContext,
  config: GatewayConfig,
): Promise<ProviderMetadata> {
  try {
    return await providerMetadata(
      config.providers[name]!,
      context.selfOrigin,
      context.selfFetch,
      context.now,
    )
  } catch (error) {
    throw new ProviderUnavailable(`provider ${name}: ${(error as Error).message}`)
  }
}

/**
 * Decides a request against the route table: which route, who is calling, and whether they may.
 * `setCookies` collects cookies to set whatever the outcome (an ended session is cleared).
 */
export async function decide(
  request: Request,
  host: string,
  path: string,
  context: GatewayContext,
  config: GatewayConfig,
  setCookies: string[],
): Promise<Decision> {
  const route = matchRoute(config, host, path)
  if (!route) throw new NoRoute()
  const providerName = route.provider
  const provider = providerName ? config.providers[providerName] : undefined
  const token = bearerOf(request)
  let identity: Identity | undefined
  if (provider && providerName && token) {
    const endpoints = await metadataOf(providerName, context, config)
    identity = await verifyBearer(token, provider, endpoints, jwks, context.now)
  } else if (provider && providerName) {
    const fromSession = await sessionIdentity(
      request,
      providerName,
      provider,
      context,
      config,
      jwks,
    )
    setCookies.push(...fromSession.setCookies)
    identity = fromSession.identity ?? undefined
  }
  if (!identity) {
    if (route.unauthenticated === 'allow') return { kind: 'allow', route, headers: {} }
    if (route.unauthenticated === 'authenticate' && providerName && request.method === 'GET')
      return { kind: 'sign-in', route, providerName }
    throw new Unauthenticated()
  }
  if (!meetsRequirements(identity, route.require)) throw new Forbidden()
  const signer = await context.signer()
  const issuer = String(identity.claims.iss ?? '')
  return {
    kind: 'allow',
    route,
    headers: await identityHeaders(identity, route, signer, issuer, SIGNER_NAME),
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

/** The gateway's verdict on a request: answer it now, or forward it to the origin with these headers. */
export type GatewayVerdict =
  | { kind: 'respond'; response: Response }
  | {
      kind: 'forward'
      route: RouteConfig
      /** The table the route belongs to (its claim headers are all reserved). */
      config: GatewayConfig
      /** The normalised path the route table judged: the one the origin must receive. */
      path: string
      headers: Record<string, string>
      setCookies: string[]
    }

/** Starts a sign-in, or answers 503 (an HTML page for browsers) when the provider is unreachable. */
async function signIn(
  request: Request,
  providerName: string,
  context: GatewayContext,
  config: GatewayConfig,
  returnTo: string,
): Promise<Response> {
  await metadataOf(providerName, context, config)
  return startSignIn(
    request,
    providerName,
    config.providers[providerName]!,
    context,
    config,
    returnTo,
  )
}

/**
 * Where a sign-in started at the sign-in path returns to: `<signInPath>/app/page?x=1` (what nginx's
 * `return 302 /_gateway/signin$request_uri` sends, no escaping needed) or `<signInPath>?rd=/app/page`.
 */
function signInTarget(url: URL, config: GatewayConfig): string | undefined {
  const base = config.session.signInPath
  if (url.pathname.startsWith(`${base}/`)) return url.pathname.slice(base.length) + url.search
  if (url.pathname === base) return url.searchParams.get('rd') ?? '/'
  return undefined
}

/** The gateway's own paths: the sign-in callback, logout, and starting a sign-in for forward auth. */
async function ownPath(
  request: Request,
  url: URL,
  context: GatewayContext,
  config: GatewayConfig,
): Promise<Response | undefined> {
  if (url.pathname === config.session.callbackPath) {
    try {
      return await handleCallback(request, context, config, jwks)
    } catch (error) {
      throw error instanceof ProviderUnavailable
        ? error
        : new SignInFailed(
            'Sign-in could not be completed with the identity provider. Try again.',
            (error as Error).message,
          )
    }
  }
  if (url.pathname === config.session.logoutPath) return handleLogout(request, context, config)
  const returnTo = signInTarget(url, config)
  if (returnTo !== undefined) {
    const target = normalizePath(returnTo.split('?')[0]!)
    if (!target.ok) throw new AmbiguousRequest(`The return path is refused: ${target.reason}.`)
    const route = matchRoute(config, new URL(publicOrigin(request, config)).host, target.path)
    if (!route?.provider) throw new NoRoute()
    return signIn(request, route.provider, context, config, returnTo)
  }
  return undefined
}

/**
 * The runtime-independent core: the gateway's own paths, path normalisation, route match,
 * identity, policy. The Worker proxies a `forward` verdict itself; at the edge CloudFront does.
 */
export async function gatewayVerdict(
  request: Request,
  context: GatewayContext,
): Promise<GatewayVerdict> {
  const setCookies: string[] = []
  try {
    if (context.config instanceof GatewayConfigError)
      throw new GatewayMisconfigured(context.config.message)
    const config = context.config
    const url = new URL(request.url)
    const own = await ownPath(request, url, context, config)
    if (own) return { kind: 'respond', response: own }
    const normalized = normalizePath(url.pathname)
    if (!normalized.ok) throw new AmbiguousRequest(`This path is refused: ${normalized.reason}.`)
    const decision = await decide(request, url.host, normalized.path, context, config, setCookies)
    if (decision.kind === 'sign-in') {
      const response = await signIn(
        request,
        decision.providerName,
        context,
        config,
        normalized.path + url.search,
      )
      return { kind: 'respond', response: withCookies(response, setCookies) }
    }
    return {
      kind: 'forward',
      route: decision.route,
      config,
      path: normalized.path,
      headers: decision.headers,
      setCookies,
    }
  } catch (error) {
    return { kind: 'respond', response: gatewayErrorResponse(error, request, setCookies) }
  }
}

/**
 * Requests on app hosts: proxied per the route table, or answered by the gateway. `bindings` are
 * the Worker's own (service, assets and R2 origins are reached through them).
 */
export async function handleGatewayRequest(
  request: Request,
  context: GatewayContext,
  bindings: WorkerBindings,
): Promise<Response> {
  const signed = awsIamRouteOf(request, context)
  if (signed?.route.origin.kind === 's3')
    return serveS3(request, signed.route, context.aws, bindings, context.now, context.uploads)
  if (signed)
    return serveExecuteApi(
      request,
      signed.route,
      signed.path,
      signed.config,
      context.aws,
      bindings,
      context.now,
    )
  const verdict = await gatewayVerdict(request, context)
  if (verdict.kind === 'respond') return verdict.response
  try {
    return withCookies(
      await proxyToOrigin(
        request,
        verdict.path,
        verdict.route,
        verdict.config,
        verdict.headers,
        bindings,
      ),
      verdict.setCookies,
    )
  } catch (error) {
    const detail = `origin ${describeOrigin(verdict.route.origin)}: ${(error as Error).message}`
    return gatewayErrorResponse(new BadGateway(detail), request, verdict.setCookies)
  }
}

/**
 * The `aws_iam` route a request is for, if any, with the normalised path it was matched on:
 * its callers sign with SigV4 and read AWS's errors (S3's XML, API Gateway's JSON), so the S3
 * front or the execute-api front answers them itself (after the gateway's own paths and path
 * normalisation; a path that does not normalise gets the gateway's 400).
 */
function awsIamRouteOf(
  request: Request,
  context: GatewayContext,
): { route: RouteConfig; path: string; config: GatewayConfig } | undefined {
  const config = context.config
  if (config instanceof GatewayConfigError) return undefined
  const url = new URL(request.url)
  const { callbackPath, logoutPath, signInPath } = config.session
  if (
    url.pathname === callbackPath ||
    url.pathname === logoutPath ||
    url.pathname === signInPath ||
    url.pathname.startsWith(`${signInPath}/`)
  )
    return undefined
  const normalized = normalizePath(url.pathname)
  if (!normalized.ok) return undefined
  const route = matchRoute(config, url.host, normalized.path)
  return route?.authorization === 'aws_iam' ? { route, path: normalized.path, config } : undefined
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
