import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { freePort } from './worker'

/** A message as Portcullis's signed webhook posts it. */
export interface WebhookMessage {
  type: string
  poolId: string
  username: string
  purpose: string
  medium: 'EMAIL' | 'SMS'
  destination: string
  subject?: string
  body: string
  code?: string
}

/** A local receiver for the signed message webhook (MESSAGE_WEBHOOK_URL) that checks each signature. */
export interface WebhookReceiver {
  url: string
  /** Messages whose signature verified with `secret`, oldest first; an unsigned or forged one throws. */
  messages(secret: string): WebhookMessage[]
  close(): Promise<void>
}

/** Starts the receiver on a loopback port; it answers 204 to every post. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const port = await freePort()
  const captured: Array<{ signature: string; body: string }> = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      captured.push({ signature: String(request.headers['x-portcullis-signature'] ?? ''), body })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${port}/hook`,
    messages(secret) {
      return captured.map(({ signature, body }) => {
        const [, timestamp, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? []
        const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
        if (!v1 || !timingSafeEqual(Buffer.from(expected), Buffer.from(v1)))
          throw new Error(`a webhook post failed its signature check: ${signature}`)
        return JSON.parse(body) as WebhookMessage
      })
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
