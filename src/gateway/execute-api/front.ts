import { BadGateway } from '../../errors/gateway'
import { AccessDenied, MissingAuthenticationToken, RequestTooLong } from '../../errors/execute-api'
import { respondExecuteApi } from '../../errors/respond'
import { readLimitedBody } from '../../http/body'
import { SigV4Failure } from '../../http/sigv4/failure'
import { isPresigned } from '../../http/sigv4/credentials'
import { requestConditions } from '../../http/sigv4/request-conditions'
import { type AwsAuthorization, verifyAwsRequest } from '../aws-iam'
import type { GatewayConfig, RouteConfig } from '../config'
import type { WorkerBindings } from '../origin-fetch'
import { describeOrigin } from '../origin-spec'
import { proxyToOrigin } from '../proxy'
import { executeApiArn } from './arn'
import { callerHeaders } from './caller-headers'
import { executeApiErrorOfSignature } from './signature-errors'

/** API Gateway's payload limit: the body is held whole, since the signature covers its hash. */
const MAX_BODY_BYTES = 10 * 1024 * 1024

/** The signature's own headers: proof for the gateway, and replayable by whoever holds them. */
const SIGNING_HEADERS = [
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
]
const SIGNING_QUERY =
  /^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)$/

/**
 * The query the origin receives: a presigned request's signing parameters removed, every other
 * parameter kept in the spelling the client sent.
 */
function unsignedSearch(url: URL): string {
  if (!isPresigned(url.searchParams)) return url.search
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => {
      const name = pair.split('=')[0] ?? ''
      let decoded = name
      try {
        decoded = decodeURIComponent(name.replaceAll('+', ' '))
      } catch {}
      return pair !== '' && !SIGNING_QUERY.test(decoded)
    })
  return kept.length > 0 ? `?${kept.join('&')}` : ''
}

/** The request as the origin gets it (its body is handed over apart): without the signature. */
function unsignedRequest(request: Request, url: URL): Request {
  const headers = new Headers(request.headers)
  for (const name of SIGNING_HEADERS) headers.delete(name)
  return new Request(`${url.origin}${url.pathname}${unsignedSearch(url)}`, {
    method: request.method,
    headers,
  })
}

/** IAM quotes the resource in a denial; API Gateway names it bare. */
const apiGatewayWording = (message: string, resource: string): string =>
  message.replace(`on resource: "${resource}"`, `on resource: ${resource}`)

/**
 * An `aws_iam` route to an HTTP origin (API Gateway's AWS_IAM authorization): the SigV4
 * signature for `execute-api` verified over the full path and the whole body, the caller's
 * policies asked for `execute-api:Invoke` on the request's ARN, then the request proxied without
 * its signature and with the caller's identity. Refusals are API Gateway's JSON answers.
 */
export async function serveExecuteApi(
  request: Request,
  route: RouteConfig,
  path: string,
  config: GatewayConfig,
  aws: AwsAuthorization | undefined,
  bindings: WorkerBindings,
  now: number,
): Promise<Response> {
  const requestId = crypto.randomUUID()
  const url = new URL(request.url)
  try {
    if (!aws || !route.executeApi)
      throw new Error('IAM-authorised routes are not available on this runtime')
    // Refused before the body is read: an unsigned caller never makes the gateway hold one.
    if (!request.headers.has('authorization') && !isPresigned(url.searchParams))
      throw new MissingAuthenticationToken()
    const body = await readLimitedBody(request, MAX_BODY_BYTES, () => new RequestTooLong())
    const verified = await verifyAwsRequest(request, url, aws, now, {
      service: 'execute-api',
      payload: { kind: 'body', body, allowUnsigned: false },
    }).catch((error: unknown) => {
      throw error instanceof SigV4Failure ? executeApiErrorOfSignature(error) : error
    })
    const resource = executeApiArn(aws.region, route.executeApi, request.method, path)
    const decision = await aws.authorize(verified.caller, {
      action: 'execute-api:Invoke',
      resource,
      context: requestConditions(request, url, now),
    })
    if (!decision.allowed) throw new AccessDenied(apiGatewayWording(decision.message, resource))
    const identity = callerHeaders(verified.caller, {
      ...route.executeApi,
      method: request.method,
      path,
      requestId,
      sourceIp: request.headers.get('cf-connecting-ip'),
    })
    try {
      return await proxyToOrigin(
        unsignedRequest(request, url),
        path,
        route,
        config,
        identity,
        bindings,
        body,
      )
    } catch (error) {
      throw new BadGateway(`origin ${describeOrigin(route.origin)}: ${(error as Error).message}`)
    }
  } catch (error) {
    await request.body?.cancel().catch(() => undefined)
    const reply = respondExecuteApi(error, requestId)
    return new Response(reply.body, { status: reply.status, headers: reply.headers })
  }
}
