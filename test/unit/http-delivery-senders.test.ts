import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpMailApiSender } from '../../src/messaging/http-mail-api'
import type { OutgoingMessage } from '../../src/messaging/sender'
import { twilioSmsSender } from '../../src/messaging/twilio-sms'

/** A loopback server that keeps each request and answers with `status`. */
const requests: Array<{ url: string; headers: Record<string, unknown>; body: string }> = []
let status = 200
let base = ''
const server = createServer((request, response) => {
  let body = ''
  request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
  request.on('end', () => {
    requests.push({ url: request.url ?? '', headers: request.headers, body })
    response.writeHead(status, { 'content-type': 'application/json' }).end('{"code":20003}')
  })
})

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const message = (more: Partial<OutgoingMessage>): OutgoingMessage => ({
  poolId: 'us-east-1_Example1',
  username: 'u',
  purpose: 'SIGN_UP',
  medium: 'EMAIL',
  destination: 'user@example.org',
  subject: 'Your code',
  body: 'Your code is 123456.',
  code: '123456',
  ...more,
})

describe('the HTTP mail API sender', () => {
  it("sends a pool's non-ASCII From name as plain UTF-8 JSON, not encoded words", async () => {
    status = 200
    const sender = httpMailApiSender(`${base}/`, 'key-1', { address: 'no-reply@example.com' })
    await sender.send(
      message({
        from: 'Équipe de vérification de la Société Générale <team@pool.example>',
        replyTo: 'help@pool.example',
      }),
    )
    expect(JSON.parse(requests.at(-1)!.body)).toEqual({
      from: '"Équipe de vérification de la Société Générale" <team@pool.example>',
      to: ['user@example.org'],
      subject: 'Your code',
      text: 'Your code is 123456.',
      reply_to: 'help@pool.example',
    })
    expect(requests.at(-1)!.url).toBe('/emails')
  })

  it('refuses a subject with a line break and an address list, before any request', async () => {
    const before = requests.length
    const sender = httpMailApiSender(base, 'key-1', { address: 'no-reply@example.com' })
    await expect(sender.send(message({ subject: 'a\r\nBcc: x@evil.example' }))).rejects.toThrow()
    await expect(
      sender.send(message({ destination: 'user@example.org, x@evil.example' })),
    ).rejects.toThrow()
    expect(requests.length).toBe(before)
  })

  it('reports a refusal by status, without the key', async () => {
    status = 401
    const sender = httpMailApiSender(base, 'secret-key-value', { address: 'a@example.com' })
    const error = await sender.send(message({})).catch((e: Error) => e)
    expect(String(error)).toBe('Error: the mail API answered 401')
  })
})

describe('the Twilio SMS sender', () => {
  const sms = (from: string) =>
    twilioSmsSender({ baseUrl: base, accountSid: 'AC123', authToken: 'token-value-1', from })

  it('uses MessagingServiceSid for an MG… sender, and refuses a non-E.164 destination', async () => {
    status = 201
    await sms(`MG${'0'.repeat(32)}`).send(message({ medium: 'SMS', destination: '+15551234567' }))
    expect(Object.fromEntries(new URLSearchParams(requests.at(-1)!.body))).toEqual({
      To: '+15551234567',
      Body: 'Your code is 123456.',
      MessagingServiceSid: `MG${'0'.repeat(32)}`,
    })
    const before = requests.length
    await expect(
      sms('+15005550006').send(message({ medium: 'SMS', destination: '+1555&To=+1666' })),
    ).rejects.toThrow('the destination is not an E.164 phone number')
    expect(requests.length).toBe(before)
  })

  it("reports Twilio's error code, without the token", async () => {
    status = 401
    const error = await sms('+15005550006')
      .send(message({ medium: 'SMS', destination: '+15551234567' }))
      .catch((e: Error) => e)
    expect(String(error)).toBe('Error: the SMS API answered 401 (error 20003)')
  })
})
