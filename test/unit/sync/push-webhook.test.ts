import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterAll, describe, expect, it } from 'vitest'
import type { Env } from '../../../src/env'
import { EnvironmentError, readSettings } from '../../../src/environment'
import { pushWebhook } from '../../../src/http/push-webhook'

const SECRET = `whsec_${Buffer.from('a-push-webhook-secret-of-32-byte').toString('base64')}`
const received: Array<{ headers: Record<string, string>; body: string }> = []
let status = 200
const server = createServer((request, response) => {
  let body = ''
  request.on('data', (chunk: Buffer) => (body += chunk.toString()))
  request.on('end', () => {
    received.push({ headers: request.headers as Record<string, string>, body })
    response.statusCode = status
    response.end()
  })
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
afterAll(() => server.close())
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`

const notice = {
  devices: [{ deviceId: 'd-1', platform: 'GCM', token: 't-1', applicationArn: 'arn:aws:sns:…' }],
  payload: {
    source: 'cognito-sync' as const,
    identityPoolId: 'us-east-1:pool',
    identityId: 'us-east-1:identity',
    datasetName: 'inbox',
    syncCount: 3,
  },
}

describe('the push webhook', () => {
  it('POSTs each notice signed per Standard Webhooks, verifiable with their library', async () => {
    await pushWebhook(url, SECRET, Date.now).notify(notice)
    const [delivery] = received.splice(0)
    expect(new Webhook(SECRET).verify(delivery!.body, delivery!.headers)).toEqual({
      type: 'cognito-sync.push',
      ...notice,
    })
  })

  it('fails a delivery the endpoint does not accept', async () => {
    status = 503
    await expect(pushWebhook(url, SECRET, Date.now).notify(notice)).rejects.toThrow(/503/)
    status = 200
  })

  it('is refused at start without its secret, or with a URL that is not https', () => {
    const env = (more: Record<string, string>) =>
      ({
        KEY_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
        PASSWORD_PEPPER: 'unit-test-pepper-0123456789',
        ...more,
      }) as unknown as Env
    expect(() => readSettings(env({ PUSH_WEBHOOK_URL: 'https://push.example.com' }))).toThrow(
      /PUSH_WEBHOOK_SECRET/,
    )
    expect(() =>
      readSettings(
        env({ PUSH_WEBHOOK_URL: 'http://push.example.com', PUSH_WEBHOOK_SECRET: SECRET }),
      ),
    ).toThrow(EnvironmentError)
    expect(
      readSettings(
        env({ PUSH_WEBHOOK_URL: 'https://push.example.com', PUSH_WEBHOOK_SECRET: SECRET }),
      ).pushWebhook,
    ).toEqual({ url: 'https://push.example.com', secret: SECRET })
  })
})
