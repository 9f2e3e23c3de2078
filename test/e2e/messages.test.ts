import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startWorker, type RunningWorker } from './support/worker'

interface Captured {
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A second worker whose messages go to a signed webhook served by this test. */
describe('message delivery over the signed webhook', () => {
  let worker: RunningWorker
  let hook: Server
  const captured: Captured[] = []
  let answer = 204

  beforeAll(async () => {
    const port = await freePort()
    hook = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        captured.push({ headers: request.headers, body })
        response.writeHead(answer).end()
      })
    })
    await new Promise<void>((resolve) => hook.listen(port, '127.0.0.1', resolve))
    worker = await startWorker({
      vars: { MESSAGE_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, DEV_OUTBOX: 'false' },
    })
  })

  afterAll(async () => {
    await worker?.stop()
    await new Promise((resolve) => hook?.close(resolve))
  })

  const sdk = () =>
    new CognitoIdentityProviderClient({
      endpoint: worker.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
      maxAttempts: 1,
    })

  it('POSTs a signed message whose HMAC verifies with the shared secret', async () => {
    const poolId = (
      await sdk().send(
        new CreateUserPoolCommand({ PoolName: 'hooked', AutoVerifiedAttributes: ['email'] }),
      )
    ).UserPool!.Id!
    const clientId = (
      await sdk().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c' }))
    ).UserPoolClient!.ClientId!
    await sdk().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'webhook-user',
        Password: 'Webhook-Pass-1',
        UserAttributes: [{ Name: 'email', Value: 'hook@example.com' }],
      }),
    )
    const message = captured.at(-1)!
    const signature = String(message.headers['x-portcullis-signature'])
    const [, timestamp, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? []
    expect(timestamp).toBeTruthy()
    const expected = createHmac('sha256', worker.vars.MESSAGE_WEBHOOK_SECRET!)
      .update(`${timestamp}.${message.body}`)
      .digest('hex')
    expect(timingSafeEqual(Buffer.from(expected), Buffer.from(v1!))).toBe(true)
    const payload = JSON.parse(message.body)
    expect(payload).toMatchObject({
      type: 'message',
      poolId,
      username: 'webhook-user',
      purpose: 'SIGN_UP',
      medium: 'EMAIL',
      destination: 'hook@example.com',
    })
    expect(payload.body).toContain(payload.code)
    // With the development outbox off, nothing is readable over HTTP.
    expect((await fetch(`${worker.endpoint}/_dev/outbox/${poolId}`)).status).toBe(404)
  })

  it('turns a failing webhook into CodeDeliveryFailureException and leaves no half-made user', async () => {
    answer = 500
    const poolId = (
      await sdk().send(
        new CreateUserPoolCommand({ PoolName: 'hook-fails', AutoVerifiedAttributes: ['email'] }),
      )
    ).UserPool!.Id!
    const clientId = (
      await sdk().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c' }))
    ).UserPoolClient!.ClientId!
    const signUp = () =>
      sdk().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'unlucky',
          Password: 'Webhook-Pass-1',
          UserAttributes: [{ Name: 'email', Value: 'unlucky@example.com' }],
        }),
      )
    await expect(signUp()).rejects.toMatchObject({ name: 'CodeDeliveryFailureException' })
    answer = 204
    await expect(signUp()).resolves.toMatchObject({ UserConfirmed: false })
  })
})
