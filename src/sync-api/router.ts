import { Hono } from 'hono'
import type { Runtime } from '../config'
import { RequestEntityTooLargeException } from '../errors/sync'
import { readLimitedBody } from '../http/body'
import { authorizeSyncCall } from './authorize'
import { readInput } from './input'
import { syncOperations } from './operations'
import { SYNC_CORS_HEADERS, syncErrorResponse, syncResponse } from './respond'
import { isPushSocketPath, openPushSocket } from './push-socket'
import { matchRoute } from './routes'
import { verifySyncSignature } from './signature'
import { readStreamPayload } from './stream-payload'

interface Variables {
  runtime: Runtime
  requestId: string
}

/**
 * Largest body taken: UpdateRecords may carry a whole dataset (1 MB of values) with its JSON
 * escaping and members around it.
 */
const MAX_BODY_BYTES = 4 * 1024 * 1024

/** Where the model's paths answer: at the root, and under `/sync` (an SDK endpoint of `{origin}/sync`). */
const PREFIXES = ['', '/sync'] as const

/**
 * Cognito Sync's REST-JSON API at the model's paths (`/identitypools/…`), signed with SigV4 for
 * `cognito-sync`. Every answer, refusals included, is the REST-JSON wire's, never a 500 for what a
 * caller sent.
 */
export function syncApi(): Hono<{ Variables: Variables }> {
  const api = new Hono<{ Variables: Variables }>()
  api.onError((error, c) => syncErrorResponse(error, c.get('requestId') ?? crypto.randomUUID()))
  for (const prefix of PREFIXES)
    api.use(`${prefix}/identitypools/*`, async (c, next) => {
      const url = new URL(c.req.url)
      const path = url.pathname.slice(prefix.length)
      if (!isPushSocketPath(path)) return next()
      return openPushSocket(c.req.raw, url, path, c.get('runtime'))
    })
  api.get('/sync/stream-payloads/:identityId/:payloadId', (c) =>
    readStreamPayload(c.req.param('identityId'), c.req.param('payloadId'), c.get('runtime')),
  )
  for (const prefix of PREFIXES) {
    for (const path of [`${prefix}/identitypools`, `${prefix}/identitypools/*`]) {
      api.options(path, () => new Response(null, { status: 204, headers: SYNC_CORS_HEADERS }))
      api.all(path, async (c) => {
        const requestId = crypto.randomUUID()
        c.set('requestId', requestId)
        const url = new URL(c.req.url)
        const output = await handleSyncRequest(
          c.req.raw,
          url,
          url.pathname.slice(prefix.length),
          c.get('runtime'),
          requestId,
        )
        return syncResponse(output, requestId)
      })
    }
  }
  return api
}

/** One request: body, signature, route, input, authorisation, then the operation. */
async function handleSyncRequest(
  request: Request,
  url: URL,
  path: string,
  runtime: Runtime,
  requestId: string,
): Promise<object> {
  const { services } = runtime
  const body = await readLimitedBody(
    request,
    MAX_BODY_BYTES,
    () => new RequestEntityTooLargeException('Request body too large'),
  )
  const signer = await verifySyncSignature(request, body, {
    adminKeys: runtime.adminKeys,
    services,
    region: services.region,
    now: services.now(),
  })
  const { operation, labels } = matchRoute(syncOperations, request.method, path)
  const input = readInput(operation, {
    labels,
    query: url.searchParams,
    headers: request.headers,
    body,
  })
  const caller = await authorizeSyncCall(services, signer, operation, input as object, {
    raw: request,
    url,
  })
  const origin = runtime.publicOrigin ?? url.origin
  return operation.handle(input, { services, caller, requestId, origin })
}
