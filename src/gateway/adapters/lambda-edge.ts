import type { JWK } from 'jose'
import { Sealer } from '../../crypto/aead'
import { fromBase64 } from '../../crypto/encoding'
import { parseGatewayConfig } from '../config'
import { gatewayVerdict } from '../gateway'
import type { GatewayContext } from '../gateway-context'
import { cookieSessionStore } from '../cookie-session-store'
import { originRequestHeaders } from '../origin-headers'
import { describeOrigin } from '../origin-spec'
import { signerFromJwk, type GatewaySigner } from '../signer'

/** CloudFront's header map: lower-case name → list of { key, value }. */
export type CloudFrontHeaders = Record<string, Array<{ key?: string; value: string }>>

export interface CloudFrontRequest {
  clientIp: string
  method: string
  uri: string
  querystring: string
  headers: CloudFrontHeaders
  body?: { data: string; encoding: 'base64' | 'text' }
}

export interface CloudFrontRequestEvent {
  Records: Array<{ cf: { config: Record<string, unknown>; request: CloudFrontRequest } }>
}

export interface CloudFrontResultResponse {
  status: string
  statusDescription?: string
  headers: CloudFrontHeaders
  body?: string
}

/** What the build script bakes into the bundle: Lambda@Edge has no environment variables. */
export interface EdgeSettings {
  /** The gateway table (same shape as GATEWAY_CONFIG); `self:` providers do not exist at the edge. */
  config: unknown
  /** base64, 32+ bytes: seals the session and flow cookies. */
  sessionSecret: string
  /** Private P-256 JWK with a kid: signs x-amzn-oidc-data. */
  signingKey: JWK
}

const toHeaders = (cf: CloudFrontHeaders): Headers => {
  const headers = new Headers()
  for (const values of Object.values(cf))
    for (const { key, value } of values) if (key) headers.append(key, value)
  return headers
}

function toCloudFrontHeaders(headers: Headers): CloudFrontHeaders {
  const out: CloudFrontHeaders = {}
  for (const [name, value] of headers) {
    out[name] ??= []
    out[name].push({ key: name, value })
  }
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies.map((value) => ({ key: 'Set-Cookie', value }))
  return out
}

/**
 * The gateway as a CloudFront viewer-request handler: stateless, cookie sessions only. A request
 * that may pass goes on to the origin with inbound identity headers removed and ours added; every
 * other answer (sign-in redirect, 401/403, callback, logout) is returned as a CloudFront response.
 * Viewer-request handlers cannot set cookies on the origin's answer, so a silent refresh is
 * delivered by a 307 back to the same URL carrying the new cookie (GET and HEAD only).
 */
export function createEdgeHandler(
  settings: EdgeSettings,
): (event: CloudFrontRequestEvent) => Promise<CloudFrontRequest | CloudFrontResultResponse> {
  const config = parseGatewayConfig(JSON.stringify(settings.config))
  for (const [name, provider] of Object.entries(config.providers))
    if (provider.issuer.startsWith('self:'))
      throw new Error(`provider ${name}: self: providers exist only on Workers`)
  // CloudFront picks the origin at the edge; binding, assets and R2 origins are Worker bindings.
  config.routes.forEach(({ origin, authorization }, index) => {
    if (origin.kind !== 'url')
      throw new Error(
        `routes[${index}].origin ${describeOrigin(origin)}: only URL origins exist at the edge`,
      )
    // A viewer-request function sees no body, which an execute-api signature covers.
    if (authorization === 'aws_iam')
      throw new Error(`routes[${index}]: aws_iam routes are served by the Worker only`)
  })
  const sealer = new Sealer(fromBase64(settings.sessionSecret))
  const sessions = cookieSessionStore(sealer)
  let signer: Promise<GatewaySigner> | undefined
  return async (event) => {
    const cf = event.Records[0]!.cf.request
    const host = cf.headers.host?.[0]?.value ?? 'localhost'
    const origin = `https://${host}`
    const request = new Request(`${origin}${cf.uri}${cf.querystring ? `?${cf.querystring}` : ''}`, {
      method: cf.method,
      headers: toHeaders(cf.headers),
    })
    const context: GatewayContext = {
      config,
      selfOrigin: origin,
      selfFetch: (url, init) => fetch(url, init),
      signer: () => (signer ??= signerFromJwk(settings.signingKey)),
      sealer,
      sessions,
      now: Date.now(),
    }
    const verdict = await gatewayVerdict(request, context)
    if (verdict.kind === 'respond') {
      const response = verdict.response
      const body = await response.text()
      return {
        status: String(response.status),
        statusDescription: response.statusText || undefined,
        headers: toCloudFrontHeaders(response.headers),
        ...(body ? { body } : {}),
      } as CloudFrontResultResponse
    }
    if (verdict.setCookies.length > 0 && (cf.method === 'GET' || cf.method === 'HEAD')) {
      const headers = new Headers({ location: request.url, 'cache-control': 'no-store' })
      for (const cookie of verdict.setCookies) headers.append('set-cookie', cookie)
      return {
        status: '307',
        statusDescription: 'Temporary Redirect',
        headers: toCloudFrontHeaders(headers),
      }
    }
    // The same header rules as the Worker's proxy: identity look-alikes and our cookies go.
    cf.headers = toCloudFrontHeaders(
      originRequestHeaders(toHeaders(cf.headers), verdict.config, verdict.headers),
    )
    cf.uri = verdict.path
    return cf
  }
}
