import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
} from '../../../src/errors/cognito'
import {
  ANSWER_LIMIT_BYTES,
  isJsonContentType,
  readAnswerBody,
  TOO_LARGE_MESSAGE,
} from '../../../src/http/functions/answer-body'
import { functionInvoker, parseFunctionTargets } from '../../../src/http/functions/function-targets'
import { runTrigger, type TriggerEventBase } from '../../../src/userpool/triggers/run-trigger'
import { testServices } from '../support/user-pool'

const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up'
const SECRET = `whsec_${Buffer.from('a-webhook-secret-of-32-bytes-000').toString('base64')}`
const call = () => ({ arn: ARN, payload: '{"response":{}}', signal: new AbortController().signal })

const event: TriggerEventBase = {
  version: '1',
  triggerSource: 'PreSignUp_SignUp',
  region: 'us-east-1',
  userPoolId: 'us-east-1_x',
  userName: 'u',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'c' },
  request: { userAttributes: {} },
  response: {},
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void
const servers: Array<{ close(): void; closeAllConnections(): void }> = []
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    server.close()
  }
})

/** A loopback HTTP server answering with `handler` once the request is read. */
async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => handler(request, response))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const webhook = (url: string) =>
  functionInvoker(
    {
      routes: parseFunctionTargets(JSON.stringify({ [ARN]: { webhook: url } })).routes,
      webhookSecret: SECRET,
    },
    {},
    Date.now,
  )
const lambda = (endpoint: string) =>
  functionInvoker(
    {
      routes: parseFunctionTargets(JSON.stringify({ '*': { lambda: endpoint } })).routes,
      lambdaCredentials: { accessKeyId: 'AKIALAMBDATEST000001', secretAccessKey: 'secret' },
    },
    {},
    Date.now,
  )

/** Answers 200 with a body of `size` bytes, streamed in 64 KiB chunks with no content-length; resolves `closed` when the client hangs up. */
function streaming(size: number) {
  let sent = 0
  let resolveClosed: (finished: boolean) => void = () => undefined
  const closed = new Promise<boolean>((resolve) => (resolveClosed = resolve))
  const handler: Handler = (_request, response) => {
    response.setHeader('content-type', 'application/json')
    response.on('close', () => resolveClosed(response.writableFinished))
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    const pump = () => {
      while (sent < size && !response.destroyed) {
        sent += chunk.length
        if (!response.write(chunk)) return void response.once('drain', pump)
      }
      if (!response.destroyed) response.end()
    }
    pump()
  }
  return { handler, closed, sent: () => sent }
}

describe("reading a function's answer", () => {
  it('stops reading a stream that runs over the limit, and cancels it', async () => {
    let pulled = 0
    let cancelled = false
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(1024))
      },
      cancel() {
        cancelled = true
      },
    })
    expect(await readAnswerBody(new Response(endless), 10 * 1024)).toEqual({ kind: 'too-large' })
    expect(cancelled).toBe(true)
    expect(pulled).toBeLessThanOrEqual(12)
  })

  it('refuses a declared content-length over the limit without reading the body', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(1))
      },
    })
    const response = new Response(body, { headers: { 'content-length': '2048' } })
    expect(await readAnswerBody(response, 1024)).toEqual({ kind: 'too-large' })
    expect(pulled).toBeLessThanOrEqual(1)
  })

  it('reads UTF-8 exactly and refuses bytes that are not UTF-8 rather than replacing them', async () => {
    const text = '{"response":{"name":"Zoë ✓"}}'
    expect(await readAnswerBody(new Response(new TextEncoder().encode(text)))).toEqual({
      kind: 'text',
      text,
    })
    const latin1 = Uint8Array.from(
      [...'{"name":"Zo'].map((c) => c.charCodeAt(0)).concat([0xeb, 0x22, 0x7d]),
    )
    expect(await readAnswerBody(new Response(latin1))).toEqual({ kind: 'not-utf8' })
  })

  it.each([
    [null, true],
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON; Charset="UTF-8"', true],
    ['application/problem+json', true],
    ['application/json; charset=iso-8859-1', false],
    ['text/html; charset=utf-8', false],
    ['text/plain', false],
  ])('takes content-type %s as JSON: %s', (header, json) => {
    expect(isJsonContentType(header)).toBe(json)
  })
})

describe('a webhook answer that cannot be the event', () => {
  it("refuses an answer over Lambda's 6 MB limit as Lambda does, and hangs up on it", async () => {
    // Far more than loopback socket buffers can hold, so only an aborted read stops the writer.
    const big = streaming(ANSWER_LIMIT_BYTES + 64 * 1024 * 1024)
    const url = await serve(big.handler)
    expect(await webhook(url).invoke(call())).toEqual({
      kind: 'function-error',
      message: TOO_LARGE_MESSAGE,
    })
    expect(await big.closed).toBe(false)
  })

  it('takes an answer just under the limit', async () => {
    const body = `{"response":{}}${' '.repeat(ANSWER_LIMIT_BYTES - 15)}`
    const url = await serve((_request, response) => {
      response.setHeader('content-type', 'application/json')
      response.end(body)
    })
    expect(await webhook(url).invoke(call())).toEqual({ kind: 'returned', body })
  })

  it('refuses a 2xx that is HTML or not UTF-8', async () => {
    const html = await serve((_request, response) => {
      response.setHeader('content-type', 'text/html')
      response.end('{"response":{}}')
    })
    expect(await webhook(html).invoke(call())).toMatchObject({ kind: 'invalid-answer' })
    const latin1 = await serve((_request, response) => {
      response.setHeader('content-type', 'application/json')
      response.end(Buffer.from('{"response":{"name":"Zo\xeb"}}', 'latin1'))
    })
    expect(await webhook(latin1).invoke(call())).toMatchObject({ kind: 'invalid-answer' })
  })

  it('still reads a large 4xx as the function refusing, without its text', async () => {
    const url = await serve((_request, response) => {
      response.statusCode = 400
      response.end(' '.repeat(ANSWER_LIMIT_BYTES + 1))
    })
    expect(await webhook(url).invoke(call())).toEqual({
      kind: 'function-error',
      message: 'HTTP 400',
    })
  })
})

describe('a Lambda answer that cannot be the event', () => {
  it('refuses a payload over the limit', async () => {
    // Far more than loopback socket buffers can hold, so only an aborted read stops the writer.
    const big = streaming(ANSWER_LIMIT_BYTES + 64 * 1024 * 1024)
    const endpoint = await serve(big.handler)
    expect(await lambda(endpoint).invoke(call())).toEqual({
      kind: 'function-error',
      message: TOO_LARGE_MESSAGE,
    })
    expect(await big.closed).toBe(false)
  })

  it('refuses a payload that is not UTF-8', async () => {
    const endpoint = await serve((_request, response) => {
      response.end(Buffer.from([0x7b, 0xff, 0x7d]))
    })
    expect(await lambda(endpoint).invoke(call())).toMatchObject({ kind: 'invalid-answer' })
  })

  it('does not follow a redirect with the signed event', async () => {
    let followed = false
    const elsewhere = await serve((_request, response) => {
      followed = true
      response.end('{"response":{}}')
    })
    const endpoint = await serve((_request, response) => {
      response.statusCode = 307
      response.setHeader('location', `${elsewhere}/2015-03-31/functions/x/invocations`)
      response.end()
    })
    expect(await lambda(endpoint).invoke(call())).toMatchObject({
      kind: 'unreachable',
      retryable: false,
    })
    expect(followed).toBe(false)
  })
})

describe('a function that is refused', () => {
  it("carries Lambda's error code, and the client sees only the code", async () => {
    const endpoint = await serve((_request, response) => {
      response.writeHead(404, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ResourceNotFoundException',
      })
      response.end(JSON.stringify({ Type: 'User', Message: `Function not found: ${ARN}` }))
    })
    const answer = await lambda(endpoint).invoke(call())
    expect(answer).toMatchObject({
      kind: 'unreachable',
      retryable: false,
      errorCode: 'ResourceNotFoundException',
    })
    const { services } = testServices()
    services.functions = { invoke: async () => answer }
    const failed = await runTrigger(
      services,
      { name: 'PreSignUp', arn: ARN, version: 1 },
      {
        ...event,
      },
    ).catch((error: unknown) => error)
    expect(failed).toBeInstanceOf(UnexpectedLambdaException)
    expect((failed as Error).message).toBe(
      'PreSignUp invocation failed due to error ResourceNotFoundException.',
    )
  })

  it('names no configuration to the client for an ARN with no target or binding', async () => {
    const invoker = functionInvoker(
      {
        routes: parseFunctionTargets(JSON.stringify({ [ARN]: { service: 'SECRET_BINDING' } }))
          .routes,
      },
      {},
      Date.now,
    )
    for (const arn of [ARN, `${ARN}-unmapped`]) {
      const { services } = testServices()
      services.functions = invoker
      const failed = (await runTrigger(
        services,
        { name: 'PreSignUp', arn, version: 1 },
        {
          ...event,
        },
      ).catch((error: unknown) => error)) as Error
      expect(failed).toBeInstanceOf(UnexpectedLambdaException)
      expect(failed.message).toBe(
        'PreSignUp invocation failed due to error ResourceNotFoundException.',
      )
    }
  })
})

describe('a trigger whose function answers what cannot be the event', () => {
  it('fails with InvalidLambdaResponseException after one attempt', async () => {
    const { services } = testServices()
    let attempts = 0
    services.functions = {
      invoke: async () => {
        attempts++
        return { kind: 'invalid-answer', reason: 'not UTF-8' }
      },
    }
    await expect(
      runTrigger(services, { name: 'PreSignUp', arn: ARN, version: 1 }, event),
    ).rejects.toBeInstanceOf(InvalidLambdaResponseException)
    expect(attempts).toBe(1)
  })
})
