import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SignatureV4 } from '@smithy/signature-v4'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import type { Env } from '../../../src/env'
import { EnvironmentError, readSettings } from '../../../src/environment'
import { functionInvoker, parseFunctionTargets } from '../../../src/http/functions/function-targets'
import { NodeSha256 } from '../support/node-sha256'

const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up'
const SECRET = `whsec_${Buffer.from('a-webhook-secret-of-32-bytes-000').toString('base64')}`
const call = (payload = '{"response":{}}') => ({
  arn: ARN,
  payload,
  signal: new AbortController().signal,
})

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void
const servers: Array<{ close(): void }> = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

/** A loopback HTTP server; answers with `handler`. */
async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => handler(request, body, response))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('TRIGGER_TARGETS', () => {
  it('maps ARNs and ARN patterns to the three kinds of target, first match first', () => {
    const { routes, problems } = parseFunctionTargets(
      JSON.stringify({
        [ARN]: { service: 'TRIGGERS', method: 'preSignUp' },
        'arn:aws:lambda:*:123456789012:function:hook-*': {
          webhook: 'https://hooks.example.com/in',
        },
        '*': { lambda: 'http://127.0.0.1:9001/' },
      }),
    )
    expect(problems).toEqual([])
    expect(routes.map((route) => route.target)).toEqual([
      { kind: 'service', binding: 'TRIGGERS', method: 'preSignUp' },
      { kind: 'webhook', url: 'https://hooks.example.com/in' },
      { kind: 'lambda', endpoint: 'http://127.0.0.1:9001' },
    ])
  })

  it.each([
    ['not JSON', '{', 'TRIGGER_TARGETS must be JSON'],
    ['a list', '[]', 'must be a JSON object'],
    [
      'two kinds at once',
      JSON.stringify({ [ARN]: { service: 'A', webhook: 'https://x' } }),
      'exactly one',
    ],
    [
      'plain http off loopback',
      JSON.stringify({ [ARN]: { webhook: 'http://hooks.example.com' } }),
      'https',
    ],
    ['a binding name with a dot', JSON.stringify({ [ARN]: { service: 'a.b' } }), 'binding name'],
  ])('names the problem when the table is %s', (_what, text, problem) => {
    expect(parseFunctionTargets(text).problems.join('\n')).toContain(problem)
  })

  it('is refused at start when a webhook or Lambda target has no secret to sign with', () => {
    const env = {
      KEY_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
      PASSWORD_PEPPER: 'unit-test-pepper-0123456789',
      TRIGGER_TARGETS: JSON.stringify({
        [ARN]: { webhook: 'https://hooks.example.com' },
        '*': { lambda: 'https://lambda.example.com' },
      }),
    } as unknown as Env
    expect(() => readSettings(env)).toThrow(EnvironmentError)
    expect(() => readSettings(env)).toThrow(/TRIGGER_WEBHOOK_SECRET[\s\S]*LAMBDA_CREDENTIALS/)
  })

  it('answers an ARN no route names, and a missing binding, without trying again', async () => {
    const invoker = functionInvoker(
      { routes: parseFunctionTargets(JSON.stringify({ [ARN]: { service: 'MISSING' } })).routes },
      {},
      Date.now,
    )
    expect(await invoker.invoke(call())).toMatchObject({ kind: 'unreachable', retryable: false })
    expect(await invoker.invoke({ ...call(), arn: `${ARN}-other` })).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringContaining('no target is configured'),
      retryable: false,
    })
  })
})

describe('a service-binding target', () => {
  const invoker = (stub: unknown) =>
    functionInvoker(
      {
        routes: parseFunctionTargets(
          JSON.stringify({ [ARN]: { service: 'TRIGGERS', method: 'preSignUp' } }),
        ).routes,
      },
      { TRIGGERS: stub },
      Date.now,
    )

  it("calls the entrypoint's method with the event and returns what it returns", async () => {
    const answer = await invoker({
      preSignUp: async (event: { response: object }) => ({
        ...event,
        response: { autoConfirmUser: true },
      }),
    }).invoke(call())
    expect(answer).toEqual({ kind: 'returned', body: '{"response":{"autoConfirmUser":true}}' })
  })

  it("reports what the method throws as the function's error", async () => {
    const answer = await invoker({
      preSignUp: async () => {
        throw new Error('Sign-ups are closed')
      },
    }).invoke(call())
    expect(answer).toEqual({ kind: 'function-error', message: 'Sign-ups are closed' })
  })

  it('reports a method the entrypoint does not have', async () => {
    expect(await invoker({}).invoke(call())).toMatchObject({
      kind: 'unreachable',
      retryable: false,
    })
  })
})

describe('a webhook target', () => {
  const invoker = (url: string) =>
    functionInvoker(
      {
        routes: parseFunctionTargets(JSON.stringify({ [ARN]: { webhook: url } })).routes,
        webhookSecret: SECRET,
      },
      {},
      Date.now,
    )

  it('signs per Standard Webhooks, as the standardwebhooks library verifies', async () => {
    let verified: unknown
    const url = await serve((request, body, response) => {
      verified = new Webhook(SECRET).verify(body, request.headers as Record<string, string>)
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ response: { autoConfirmUser: true } }))
    })
    const answer = await invoker(url).invoke(call('{"response":{},"userName":"ana"}'))
    expect(verified).toEqual({ response: {}, userName: 'ana' })
    expect(answer).toEqual({ kind: 'returned', body: '{"response":{"autoConfirmUser":true}}' })
  })

  it("reads a 4xx answer as the function's error and a 5xx as worth another attempt", async () => {
    const refusing = await serve((_request, _body, response) => {
      response.statusCode = 400
      response.end(JSON.stringify({ errorMessage: 'Invalid email domain' }))
    })
    expect(await invoker(refusing).invoke(call())).toEqual({
      kind: 'function-error',
      message: 'Invalid email domain',
    })
    const failing = await serve((_request, _body, response) => {
      response.statusCode = 503
      response.end()
    })
    expect(await invoker(failing).invoke(call())).toMatchObject({
      kind: 'unreachable',
      retryable: true,
    })
  })

  it('refuses to follow a redirect with the event', async () => {
    const redirecting = await serve((_request, _body, response) => {
      response.statusCode = 307
      response.setHeader('location', 'https://elsewhere.example.com/')
      response.end()
    })
    expect(await invoker(redirecting).invoke(call())).toMatchObject({
      kind: 'unreachable',
      retryable: false,
    })
  })
})

describe('a Lambda target', () => {
  const credentials = {
    accessKeyId: 'AKIALAMBDATEST000001',
    secretAccessKey: 'lambda-test-secret-0000000000000000',
  }
  const invoker = (endpoint: string) =>
    functionInvoker(
      {
        routes: parseFunctionTargets(JSON.stringify({ '*': { lambda: endpoint } })).routes,
        lambdaCredentials: credentials,
      },
      {},
      Date.now,
    )

  /** Re-signs the request as the AWS SDK would and compares signatures. */
  async function signatureHolds(request: IncomingMessage, body: string): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const signedNames =
      /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? '')?.[1]?.split(';') ?? []
    const headers: Record<string, string> = {}
    for (const name of signedNames) headers[name] = String(request.headers[name])
    const amzDate = headers['x-amz-date']!
    const signer = new SignatureV4({
      service: 'lambda',
      region: 'eu-west-1',
      credentials,
      sha256: NodeSha256,
    })
    const signed = await signer.sign(
      {
        method: request.method!,
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: Number(headers.host!.split(':')[1]),
        path: url.pathname,
        headers,
        body,
        query: {},
      },
      {
        signingDate: new Date(
          `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
        ),
      },
    )
    const signature = (header: string | undefined) =>
      /Signature=([0-9a-f]+)/.exec(header ?? '')?.[1]
    return signature(signed.headers.authorization) === signature(request.headers.authorization)
  }

  it("calls Invoke with the function's ARN, signed for its region, and returns the payload", async () => {
    let seen: { path?: string; signed?: boolean; type?: string } = {}
    const endpoint = await serve(async (request, body, response) => {
      seen = {
        path: decodeURIComponent(request.url ?? ''),
        signed: await signatureHolds(request, body),
        type: request.headers['x-amz-invocation-type'] as string,
      }
      response.end(body)
    })
    const answer = await invoker(endpoint).invoke(call('{"response":{"ok":1}}'))
    expect(seen).toEqual({
      path: `/2015-03-31/functions/${ARN}/invocations`,
      signed: true,
      type: 'RequestResponse',
    })
    expect(answer).toEqual({ kind: 'returned', body: '{"response":{"ok":1}}' })
  })

  it("reads X-Amz-Function-Error as the function's error, with its errorMessage", async () => {
    const endpoint = await serve((_request, _body, response) => {
      response.setHeader('x-amz-function-error', 'Unhandled')
      response.end(
        JSON.stringify({ errorType: 'Error', errorMessage: 'User not allowed', trace: [] }),
      )
    })
    expect(await invoker(endpoint).invoke(call())).toEqual({
      kind: 'function-error',
      message: 'User not allowed',
    })
  })

  it('tries again on throttling, and not on a function that does not exist', async () => {
    const throttled = await serve((_request, _body, response) => {
      response.statusCode = 429
      response.end('{"message":"Rate exceeded"}')
    })
    expect(await invoker(throttled).invoke(call())).toMatchObject({
      kind: 'unreachable',
      retryable: true,
      throttled: true,
    })
    const missing = await serve((_request, _body, response) => {
      response.statusCode = 404
      response.end('{"Type":"User","message":"Function not found"}')
    })
    expect(await invoker(missing).invoke(call())).toMatchObject({
      kind: 'unreachable',
      retryable: false,
    })
  })
})
