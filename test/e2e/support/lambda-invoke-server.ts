import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { SignatureV4 } from '@smithy/signature-v4'
import { NodeSha256 } from '../../unit/support/node-sha256'

/** A Node.js Lambda handler as AWS runs it: async, or with a callback. */
type Handler = (
  event: unknown,
  context: LambdaContext,
  callback: (error?: unknown, result?: unknown) => void,
) => unknown

/** The members of the Node.js runtime's context object a handler may read. */
interface LambdaContext {
  functionName: string
  functionVersion: string
  invokedFunctionArn: string
  memoryLimitInMB: string
  awsRequestId: string
  logGroupName: string
  logStreamName: string
  callbackWaitsForEmptyEventLoop: boolean
  getRemainingTimeInMillis(): number
}

/** One invocation as the server saw it. */
export interface Invocation {
  functionName: string
  event: unknown
  /** Whether the caller hung up before the function answered. */
  abandoned: boolean
}

export interface LambdaInvokeServer {
  /** `http://127.0.0.1:<port>`: the `lambda` endpoint of a TRIGGER_TARGETS entry. */
  endpoint: string
  invocations: Invocation[]
  /** Resolves once `count` callers have hung up on an unanswered invocation. */
  abandoned(count: number): Promise<void>
  close(): Promise<void>
}

const REQUEST_URI = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/
/** How long a function may run, as a function's Timeout setting (here the 900 s maximum). */
const FUNCTION_TIMEOUT_MS = 900_000

/**
 * A simulated AWS Lambda Invoke endpoint (`POST /2015-03-31/functions/{FunctionName}/invocations`,
 * rest-json, SigV4 service `lambda`) running unmodified Node.js handler modules: `functions` maps
 * a function name to the module's path, which must export `handler`. RequestResponse only. It
 * answers as the Lambda API model's Invoke does: 200 with the returned value as JSON; a thrown
 * error as 200 with `X-Amz-Function-Error: Unhandled` and `{errorType, errorMessage, trace}`;
 * `ResourceNotFoundException` (404) for a function it does not hold; `InvalidSignatureException`
 * or `UnrecognizedClientException` (403) for a request `credentials` did not sign.
 */
export async function startLambdaInvokeServer(
  functions: Record<string, string>,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<LambdaInvokeServer> {
  const handlers = new Map<string, Promise<Handler>>()
  const load = (name: string): Promise<Handler> | undefined => {
    const path = functions[name]
    if (!path) return undefined
    let loaded = handlers.get(name)
    if (!loaded) {
      loaded = import(pathToFileURL(path).href).then(
        (module: { handler?: Handler; default?: { handler?: Handler } }) => {
          const handler = module.handler ?? module.default?.handler
          if (typeof handler !== 'function') throw new Error(`${path} exports no handler`)
          return handler
        },
      )
      handlers.set(name, loaded)
    }
    return loaded
  }
  const invocations: Invocation[] = []
  const waiting: Array<{ count: number; resolve: () => void }> = []
  const noteAbandoned = () => {
    const count = invocations.filter((invocation) => invocation.abandoned).length
    for (const waiter of waiting.splice(0))
      if (count >= waiter.count) waiter.resolve()
      else waiting.push(waiter)
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      void answer(request, body, response).catch((error: unknown) =>
        awsError(response, 500, 'ServiceException', String(error)),
      )
    })
  })

  async function answer(request: IncomingMessage, body: string, response: ServerResponse) {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    const match = request.method === 'POST' ? REQUEST_URI.exec(path) : null
    if (!match) return awsError(response, 404, 'UnknownOperationException', 'Unknown operation')
    const refusal = await signatureRefusal(request, body, credentials)
    if (refusal) return awsError(response, 403, refusal.type, refusal.message)
    const type = request.headers['x-amz-invocation-type'] ?? 'RequestResponse'
    if (type !== 'RequestResponse')
      return awsError(
        response,
        400,
        'InvalidParameterValueException',
        `This endpoint serves RequestResponse invocations only, not ${String(type)}`,
      )
    const requested = decodeURIComponent(match[1]!)
    const name = functionNameOf(requested)
    const handler = load(name)
    if (!handler)
      return awsError(
        response,
        404,
        'ResourceNotFoundException',
        `Function not found: ${requested}`,
        'User',
      )
    let event: unknown
    try {
      event = JSON.parse(body)
    } catch {
      return awsError(
        response,
        400,
        'InvalidRequestContentException',
        'Could not parse request body into json',
        'User',
      )
    }
    const invocation: Invocation = { functionName: name, event, abandoned: false }
    invocations.push(invocation)
    response.on('close', () => {
      if (!response.writableFinished) {
        invocation.abandoned = true
        noteAbandoned()
      }
    })
    const outcome = await run(await handler, event, context(name, requested))
    if (response.destroyed) return
    const headers = {
      'content-type': 'application/json',
      'x-amz-executed-version': '$LATEST',
      'x-amzn-requestid': randomUUID(),
    }
    if (outcome.ok) {
      response.writeHead(200, headers)
      response.end(JSON.stringify(outcome.result ?? null))
    } else {
      response.writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' })
      response.end(JSON.stringify(errorObject(outcome.error)))
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invocations,
    abandoned: (count) =>
      new Promise((resolve) => {
        waiting.push({ count, resolve })
        noteAbandoned()
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A function's name from any of Invoke's FunctionName forms (name, partial ARN, ARN; a qualifier is dropped). */
function functionNameOf(requested: string): string {
  const parts = requested.split(':')
  if (parts[0] === 'arn') return parts[6] ?? ''
  if (parts[1] === 'function') return parts[2] ?? ''
  return parts[0] ?? ''
}

function context(name: string, requested: string): LambdaContext {
  const deadline = Date.now() + FUNCTION_TIMEOUT_MS
  return {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: requested.startsWith('arn:')
      ? requested
      : `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  }
}

/** Runs a handler as the Node.js runtime does: its promise, or the first call of its callback. */
function run(
  handler: Handler,
  event: unknown,
  context: LambdaContext,
): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (outcome: { ok: true; result: unknown } | { ok: false; error: unknown }) => {
      if (settled) return
      settled = true
      resolve(outcome)
    }
    const callback = (error?: unknown, result?: unknown) =>
      settle(error === undefined || error === null ? { ok: true, result } : { ok: false, error })
    try {
      const returned = handler(event, context, callback)
      if (returned && typeof (returned as Promise<unknown>).then === 'function')
        (returned as Promise<unknown>).then(
          (result) => settle({ ok: true, result }),
          (error: unknown) => settle({ ok: false, error }),
        )
    } catch (error) {
      settle({ ok: false, error })
    }
  })
}

/** The Node.js runtime's error object for what a handler threw. */
function errorObject(error: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (error instanceof Error)
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    }
  return { errorType: typeof error, errorMessage: String(error), trace: [] }
}

/** A rest-json error, as Lambda sends one: `x-amzn-ErrorType` and a JSON body. */
function awsError(
  response: ServerResponse,
  status: number,
  type: string,
  message: string,
  fault?: 'User' | 'Service',
) {
  if (response.headersSent) return
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
  })
  // ResourceNotFoundException's members are Type and Message; the signature errors' is message.
  response.end(JSON.stringify(fault ? { Type: fault, Message: message } : { message }))
}

/** Why a request is not signed by `credentials` for service `lambda`, if it is not. */
async function signatureRefusal(
  request: IncomingMessage,
  body: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<{ type: string; message: string } | undefined> {
  const authorization = request.headers.authorization ?? ''
  const scope = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization)
  if (!scope)
    return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }
  if (scope[1] !== credentials.accessKeyId)
    return {
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    }
  const mismatch = {
    type: 'InvalidSignatureException',
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  }
  if (scope[4] !== 'lambda') return mismatch
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? []
  const headers: Record<string, string> = {}
  for (const name of signedNames) headers[name] = String(request.headers[name] ?? '')
  const amzDate = headers['x-amz-date'] ?? ''
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  )
  if (Number.isNaN(signingDate.getTime())) return mismatch
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  const signer = new SignatureV4({
    service: 'lambda',
    region: scope[3]!,
    credentials,
    sha256: NodeSha256,
  })
  const signed = await signer.sign(
    {
      method: request.method ?? 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: Number((headers.host ?? '').split(':')[1]),
      path: url.pathname,
      headers,
      body,
      query: Object.fromEntries(url.searchParams),
    },
    { signingDate },
  )
  const signature = (header: string | undefined) => /Signature=([0-9a-f]+)/.exec(header ?? '')?.[1]
  return signature(signed.headers.authorization) === signature(authorization) ? undefined : mismatch
}
