import { Hono } from 'hono'
import type { Runtime } from '../config'
import {
  InvalidAction,
  InvalidQueryParameter,
  MissingAction,
  MissingParameter,
} from '../errors/iam'
import { respondAwsQuery } from '../errors/respond'
import { errorResponse } from '../http/error-handlers'
import { verifyAdminCall } from '../http/sigv4/admin-signature'
import { type QueryCaller, verifyCallerSignature } from '../http/sigv4/caller-signature'
import { FORM_CONTENT_TYPE, isForm, isJson, parseForm, readForm } from './form'
import { iamService } from './iam'
import { QueryParams } from './params'
import { queryResponse } from './response'
import { stsService } from './sts'
import type { QueryService } from './action'

interface Variables {
  runtime: Runtime
  requestId: string
}

/**
 * The services answering on `POST /`, told apart by the `Version` each request carries; STS also
 * answers alone at `/sts/`, for clients given an STS endpoint of its own.
 */
const SERVICES_AT_ROOT: readonly QueryService[] = [iamService, stsService]
const SERVICES_AT_STS: readonly QueryService[] = [stsService]

/**
 * The AWS query protocol (form in, XML out) on `POST /`, beside the JSON API on the same route: a
 * request with `X-Amz-Target` or a JSON body goes on to the JSON API; anything else is a query
 * request, answered in XML even when it is not a form. A GET of `/` naming an `Action` or a
 * `Version`, and any other method on `/sts/`, is a query request too, and refused in XML.
 */
export function queryApi(): Hono<{ Variables: Variables }> {
  const api = new Hono<{ Variables: Variables }>()
  api.onError((error, c) =>
    errorResponse(
      respondAwsQuery(
        error,
        c.get('requestId') ?? crypto.randomUUID(),
        SERVICES_AT_ROOT[0]!.namespace,
      ),
    ),
  )
  api.post('/', async (c, next) => {
    if (c.req.raw.headers.has('x-amz-target') || isJson(c.req.raw)) return next()
    const requestId = crypto.randomUUID()
    c.set('requestId', requestId)
    return handleQuery(c.req.raw, c.get('runtime'), requestId, SERVICES_AT_ROOT)
  })
  api.get('/', (c, next) => {
    const query = new URL(c.req.url).searchParams
    if (!query.has('Action') && !query.has('Version')) return next()
    return handleQuery(c.req.raw, c.get('runtime'), crypto.randomUUID(), SERVICES_AT_ROOT)
  })
  for (const path of ['/sts', '/sts/'])
    api.all(path, (c) =>
      handleQuery(c.req.raw, c.get('runtime'), crypto.randomUUID(), SERVICES_AT_STS),
    )
  return api
}

/**
 * One query request against `services`: refuse what is not a POSTed form (parameters are read
 * from nowhere else, so a query string or another body type is never half-read), read the form,
 * pick the service by `Version`, verify the signature with that service's scope (against the admin
 * keys; also session credentials for an action that asks who called; none for a public action),
 * then run the action. Every failure is the XML error envelope of the service asked for.
 */
export async function handleQuery(
  request: Request,
  runtime: Runtime,
  requestId: string,
  services: readonly QueryService[],
): Promise<Response> {
  const hinted = new URL(request.url).searchParams.get('Version')
  let namespace = (services.find((s) => s.version === hinted) ?? services[0]!).namespace
  try {
    if (request.method !== 'POST')
      throw new InvalidQueryParameter(
        `Query requests are POSTed as ${FORM_CONTENT_TYPE}; ${request.method.slice(0, 16)} is not read.`,
      )
    if (!isForm(request))
      throw new InvalidQueryParameter(`The request body must be ${FORM_CONTENT_TYPE}.`)
    const body = await readForm(request)
    const form = parseForm(body)
    const version = form.get('Version')
    const action = form.get('Action')
    if (version === null)
      throw new MissingParameter('The request must contain the parameter Version.')
    const service = services.find((candidate) => candidate.version === version)
    if (!service)
      throw new InvalidAction(
        `Could not find operation ${(action ?? '').slice(0, 128)} for version ${version.slice(0, 64)}`,
      )
    namespace = service.namespace
    const handler =
      action !== null && Object.hasOwn(service.actions, action)
        ? service.actions[action]
        : undefined
    const signing = {
      adminKeys: runtime.adminKeys,
      services: runtime.services,
      region: runtime.services.region,
      now: runtime.services.now(),
    }
    let caller: QueryCaller | undefined
    if (handler?.auth === 'caller')
      caller = await verifyCallerSignature(request, body, service.signingName, signing)
    else if (handler?.auth !== 'public')
      await verifyAdminCall(request, body, service.signingName, signing)
    if (action === null) throw new MissingAction('The request must contain the parameter Action.')
    if (!handler)
      throw new InvalidAction(
        `Could not find operation ${action.slice(0, 128)} for version ${service.version}`,
      )
    const result = await handler.run(new QueryParams(form), {
      services: runtime.services,
      requestId,
      issuerOrigin: runtime.publicOrigin ?? new URL(request.url).origin,
      loginEndpoints: runtime.loginEndpoints,
      ...(caller ? { caller } : {}),
    })
    return new Response(queryResponse(action, result, requestId, namespace), {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    })
  } catch (error) {
    return errorResponse(respondAwsQuery(error, requestId, namespace))
  }
}
