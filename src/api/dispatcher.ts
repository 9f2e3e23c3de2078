import { awsSdkVersionOf } from '../http/sdk-version'
import { requestSignals } from '../http/request-signals'
import { Hono } from 'hono'
import {
  RequestEntityTooLargeException,
  SerializationException,
  UnknownOperationException,
} from '../errors/cognito'
import { ValidationException } from '../errors/kms'
import { respondAwsJson } from '../errors/respond'
import { readLimitedBody } from '../http/body'
import { errorResponse } from '../http/error-handlers'
import type { Runtime } from '../config'
import { verifyAdminCall } from '../http/sigv4/admin-signature'
import { cognitoIdentityTargets } from './identity-targets'
import { kmsTargets } from './kms-targets'
import type { Target, TargetTable } from './target'
import { targets } from './targets'
import { parseInput } from './validation/shape'

/** A service the JSON API answers as: its `X-Amz-Target` prefix, SigV4 service name and operations. */
interface Service {
  prefix: string
  signingName: string
  targets: TargetTable
  /** The error a request breaking the model's constraints gets, where the service's is not Cognito's. */
  invalidInput?: (message: string) => Error
}

const USER_POOLS: Service = {
  prefix: 'AWSCognitoIdentityProviderService.',
  signingName: 'cognito-idp',
  targets,
}
const IDENTITY_POOLS: Service = {
  prefix: 'AWSCognitoIdentityService.',
  signingName: 'cognito-identity',
  targets: cognitoIdentityTargets,
}
/** KMS, for the keys custom sender triggers' codes are encrypted under (Decrypt). */
const KMS: Service = {
  prefix: 'TrentService.',
  signingName: 'kms',
  targets: kmsTargets,
  invalidInput: (message) => new ValidationException(message),
}
/**
 * Where each path answers: `/` both Cognito services, as Cognito's two endpoints would, and KMS;
 * `/identity/` identity pools only, for clients given an identity-pool endpoint of its own (Amplify's
 * `identityPoolEndpoint`, an SDK `endpoint` with a path).
 */
const SERVICES_AT_ROOT = [USER_POOLS, IDENTITY_POOLS, KMS]
const SERVICES_AT_IDENTITY = [IDENTITY_POOLS]
/** Largest body accepted: SetUICustomization carries a 100 KB logo as base64 plus CSS. */
export const MAX_BODY_BYTES = 512 * 1024
const JSON_CONTENT_TYPES = [
  'application/x-amz-json-1.1',
  'application/x-amz-json-1.0',
  'application/json',
]

/** CORS for browser SDKs (amazon-cognito-identity-js, Amplify): the JSON API has no cookies. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers':
    'Content-Type, X-Amz-Target, X-Amz-User-Agent, X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token, Authorization, Cache-Control, amz-sdk-invocation-id, amz-sdk-request',
  'access-control-expose-headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date',
  'access-control-max-age': '86400',
}

interface Variables {
  runtime: Runtime
  /** Set first thing, so that an error's answer carries the request's id too. */
  requestId: string
}

/** The Cognito JSON 1.1 API: `POST /` with `X-Amz-Target`. */
export function cognitoJsonApi(): Hono<{ Variables: Variables }> {
  const api = new Hono<{ Variables: Variables }>()
  api.onError((error, c) =>
    errorResponse(respondAwsJson(error, c.get('requestId') ?? crypto.randomUUID()), CORS_HEADERS),
  )

  const mount = (path: string, services: Service[]) => {
    api.options(path, () => new Response(null, { status: 204, headers: CORS_HEADERS }))
    api.post(path, async (c) => {
      const requestId = crypto.randomUUID()
      c.set('requestId', requestId)
      const result = await dispatch(c.req.raw, c.get('runtime'), requestId, services)
      return new Response(JSON.stringify(result), {
        status: 200,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': requestId,
          ...CORS_HEADERS,
        },
      })
    })
  }
  mount('/', SERVICES_AT_ROOT)
  mount('/identity', SERVICES_AT_IDENTITY)
  mount('/identity/', SERVICES_AT_IDENTITY)
  return api
}

/** The service and target an `X-Amz-Target` names among `services`, if any. */
function lookupTarget(
  targetHeader: string,
  services: Service[],
): { service: Service; target: Target<unknown, object> } | undefined {
  for (const service of services) {
    if (!targetHeader.startsWith(service.prefix)) continue
    const operation = targetHeader.slice(service.prefix.length)
    if (!Object.hasOwn(service.targets, operation)) return undefined
    return { service, target: service.targets[operation] as Target<unknown, object> }
  }
  return undefined
}

async function dispatch(
  request: Request,
  runtime: Runtime,
  requestId: string,
  services: Service[],
): Promise<object> {
  const targetHeader = request.headers.get('x-amz-target') ?? ''
  const found = lookupTarget(targetHeader, services)
  if (!found)
    throw new UnknownOperationException(
      targetHeader
        ? `Unknown operation ${targetHeader.slice(0, 128)}`
        : 'Missing X-Amz-Target header',
    )
  const { service, target } = found

  const contentType = (request.headers.get('content-type') ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase()
  if (!JSON_CONTENT_TYPES.includes(contentType))
    throw new SerializationException(
      `Unsupported content type: ${contentType.slice(0, 64) || '(none)'}`,
    )

  const sourceIp = request.headers.get('cf-connecting-ip') ?? undefined
  if (target.limitedPerIp) await runtime.services.limits.check('ip', sourceIp ?? 'unknown')
  const body = await readLimitedBody(
    request,
    MAX_BODY_BYTES,
    () => new RequestEntityTooLargeException(),
  )
  if (target.auth === 'sigv4') {
    await verifyAdminCall(request, body, service.signingName, {
      adminKeys: runtime.adminKeys,
      region: runtime.services.region,
      now: runtime.services.now(),
    })
  }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body))
  } catch {
    throw new SerializationException('Request body is not valid JSON')
  }
  const input = parseInput(target.input, json, service.invalidInput)
  return target.handle(input, {
    services: runtime.services,
    issuerOrigin: runtime.publicOrigin ?? new URL(request.url).origin,
    loginEndpoints: runtime.loginEndpoints,
    requestId,
    sourceIp,
    awsSdkVersion: awsSdkVersionOf(request.headers),
    signals: requestSignals(request),
  })
}
