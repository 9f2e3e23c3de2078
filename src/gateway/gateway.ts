import type { Sealer } from '../crypto/aead'
import type { RecordStore } from '../storage/record-store'
import { Unauthenticated, providerEndpoints, verifyBearer, type Identity } from './authorizer'
import { GatewayConfigError, matchRoute, type GatewayConfig, type RouteConfig } from './config'
import { identityHeaders } from './identity-headers'
import { JwksCache, type Fetcher } from './jwks-cache'
import { meetsRequirements } from './policy'
import { proxyToOrigin } from './proxy'
import { gatewaySigner } from './signer'

/** What the gateway needs from the Worker around it. */
export interface GatewayContext {
  config: GatewayConfig | GatewayConfigError
  /** Origin of this Worker (issuer origin of its own pools). */
  selfOrigin: string
  /** An in-process request to this Worker's own routes (JWKS of its pools). */
  selfFetch: Fetcher
  registry: RecordStore
  sealer: Sealer
  now: number
}

const jwks = new JwksCache()
const SIGNER_NAME = 'portcullis-gateway'

type Decision =
  | { kind: 'allow'; route: RouteConfig; headers: Record<string, string> }
  | { kind: 'deny'; status: 401 | 403; reason: string }
  | { kind: 'no-route' }

const bearerOf = (request: Request): string | undefined => /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]

/** Decides a request against the route table: which route, who is calling, and whether they may. */
async function decide(request: Request, host: string, path: string, context: GatewayContext, config: GatewayConfig): Promise<Decision> {
  const route = matchRoute(config, host, path)
  if (!route) return { kind: 'no-route' }
  const provider = route.provider ? config.providers[route.provider] : undefined
  const token = bearerOf(request)
  let identity: Identity | undefined
  if (provider && token) {
    try {
      identity = await verifyBearer(token, provider, providerEndpoints(provider, context.selfOrigin, context.selfFetch), jwks, context.now)
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error
      return { kind: 'deny', status: 401, reason: error.message }
    }
  }
  if (!identity) return route.unauthenticated === 'allow' ? { kind: 'allow', route, headers: {} } : { kind: 'deny', status: 401, reason: 'authentication required' }
  if (!meetsRequirements(identity, route.require)) return { kind: 'deny', status: 403, reason: 'requirements not met' }
  const signer = await gatewaySigner(context.registry, context.sealer)
  const issuer = String(identity.claims.iss ?? '')
  return { kind: 'allow', route, headers: await identityHeaders(identity, route, signer, issuer, SIGNER_NAME) }
}

function denial(status: 401 | 403, reason: string): Response {
  const body = JSON.stringify({ error: status === 401 ? 'unauthorized' : 'forbidden', message: reason })
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' }
  if (status === 401) headers['www-authenticate'] = `Bearer realm="portcullis"${reason === 'authentication required' ? '' : ', error="invalid_token"'}`
  return new Response(body, { status, headers })
}

function configProblem(error: GatewayConfigError): Response {
  console.error(error.message)
  return new Response(JSON.stringify({ error: 'gateway_misconfigured', message: 'The gateway configuration is invalid; see the Worker log.' }), { status: 500, headers: { 'content-type': 'application/json' } })
}

/** Requests no other router claimed: proxied per the route table, or 404. */
export async function handleGatewayRequest(request: Request, context: GatewayContext): Promise<Response> {
  if (context.config instanceof GatewayConfigError) return configProblem(context.config)
  const url = new URL(request.url)
  const decision = await decide(request, url.host, url.pathname, context, context.config)
  if (decision.kind === 'no-route') return new Response(JSON.stringify({ error: 'not_found' }), { status: 404, headers: { 'content-type': 'application/json' } })
  if (decision.kind === 'deny') return denial(decision.status, decision.reason)
  try {
    return await proxyToOrigin(request, decision.route, decision.headers)
  } catch (error) {
    console.error(`gateway: origin ${decision.route.origin} unreachable: ${(error as Error).message}`)
    return new Response(JSON.stringify({ error: 'bad_gateway' }), { status: 502, headers: { 'content-type': 'application/json' } })
  }
}

/**
 * Forward auth for nginx `auth_request` and Traefik/Caddy: the original request is described by
 * X-Original-URI / X-Forwarded-Uri and X-Forwarded-Host (or Host). 200 with identity headers, or
 * 401/403; the protected request itself never passes through here.
 */
export async function handleForwardAuth(request: Request, context: GatewayContext): Promise<Response> {
  if (context.config instanceof GatewayConfigError) return configProblem(context.config)
  const originalUri = request.headers.get('x-original-uri') ?? request.headers.get('x-forwarded-uri') ?? '/'
  const host = request.headers.get('x-forwarded-host') ?? new URL(request.url).host
  const path = new URL(originalUri, 'http://placeholder').pathname
  const decision = await decide(request, host, path, context, context.config)
  if (decision.kind === 'no-route') return denial(403, 'no route for this request')
  if (decision.kind === 'deny') return denial(decision.status, decision.reason)
  return new Response(null, { status: 200, headers: { ...decision.headers, 'cache-control': 'no-store' } })
}

/** GET /_gateway/keys/{kid}: the PEM public key that verifies `x-amzn-oidc-data` (ALB's key URL). */
export async function handleGatewayKey(kid: string, context: GatewayContext): Promise<Response> {
  const signer = await gatewaySigner(context.registry, context.sealer)
  if (kid !== signer.kid) return new Response('not found', { status: 404 })
  return new Response(await signer.publicKeyPem(), { status: 200, headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'public, max-age=86400' } })
}
