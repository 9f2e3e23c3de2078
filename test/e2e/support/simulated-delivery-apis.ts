import { createServer, type IncomingMessage, type Server } from 'node:http'
import { freePort } from './worker'

/** A request a simulated API accepted or refused, as it arrived. */
export interface DeliveryRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

/** A small HTTP server on a loopback port in a provider's shape, keeping every request. */
export interface SimulatedDeliveryApi {
  base: string
  requests: DeliveryRequest[]
  close(): Promise<void>
}

async function serve(
  answer: (request: DeliveryRequest) => { status: number; body: unknown },
): Promise<SimulatedDeliveryApi> {
  const port = await freePort()
  const requests: DeliveryRequest[] = []
  const server: Server = createServer((incoming, response) => {
    let body = ''
    incoming.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        path: incoming.url ?? '/',
        headers: incoming.headers,
        body,
      }
      requests.push(request)
      const { status, body: answerBody } = answer(request)
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(answerBody))
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * A simulated mail API of Resend's shape: `POST /emails` with `Authorization: Bearer <key>` and a
 * JSON `{from, to, subject, text|html}`; 200 `{id}`, 401 for another key, 422 for a body it cannot
 * send (Resend's `validation_error`).
 */
export function simulatedMailApi(apiKey: string): Promise<SimulatedDeliveryApi> {
  return serve((request) => {
    if (request.method !== 'POST' || request.path !== '/emails')
      return { status: 404, body: { name: 'not_found', message: 'Not found', statusCode: 404 } }
    if (request.headers.authorization !== `Bearer ${apiKey}`)
      return {
        status: 401,
        body: { name: 'missing_api_key', message: 'Invalid API key', statusCode: 401 },
      }
    let email: { from?: unknown; to?: unknown; subject?: unknown; text?: unknown; html?: unknown }
    try {
      email = JSON.parse(request.body)
    } catch {
      return {
        status: 422,
        body: { name: 'validation_error', message: 'Invalid JSON', statusCode: 422 },
      }
    }
    const to = Array.isArray(email.to) ? email.to : [email.to]
    if (
      typeof email.from !== 'string' ||
      !to.every((address) => typeof address === 'string') ||
      typeof email.subject !== 'string' ||
      (typeof email.text !== 'string' && typeof email.html !== 'string')
    )
      return {
        status: 422,
        body: { name: 'validation_error', message: 'Missing fields', statusCode: 422 },
      }
    return { status: 200, body: { id: crypto.randomUUID() } }
  })
}

/**
 * A simulated Twilio Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded `To`, `From` (or `MessagingServiceSid`) and `Body`, HTTP basic auth with the account
 * SID and auth token; 201 with a message resource, 401 with Twilio's error 20003 otherwise.
 */
export function simulatedTwilioApi(
  accountSid: string,
  authToken: string,
): Promise<SimulatedDeliveryApi> {
  return serve((request) => {
    const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`
    if (
      request.headers.authorization !==
      `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`
    )
      return {
        status: 401,
        body: {
          code: 20003,
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        },
      }
    if (request.method !== 'POST' || request.path !== path)
      return {
        status: 404,
        body: { code: 20404, message: 'The requested resource was not found', status: 404 },
      }
    const form = new URLSearchParams(request.body)
    const to = form.get('To')
    if (!to || !form.get('Body') || !(form.get('From') || form.get('MessagingServiceSid')))
      return {
        status: 400,
        body: { code: 21604, message: "A 'To' phone number is required.", status: 400 },
      }
    return {
      status: 201,
      body: {
        sid: `SM${crypto.randomUUID().replace(/-/g, '')}`,
        account_sid: accountSid,
        to,
        from: form.get('From'),
        body: form.get('Body'),
        status: 'queued',
      },
    }
  })
}
