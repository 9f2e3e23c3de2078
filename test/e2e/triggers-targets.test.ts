import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
  UnexpectedLambdaException,
  UserLambdaValidationException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider'
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { SignatureV4 } from '@smithy/signature-v4'
import { Webhook, WebhookVerificationError } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { NodeSha256 } from '../unit/support/node-sha256'
import { type LambdaInvokeServer, startLambdaInvokeServer } from './support/lambda-invoke-server'
import { adminClient, publicClient } from './support/clients'
import { startWorkerWithTriggers } from './support/trigger-functions'
import type { RunningWorker } from './support/worker'

const PASSWORD = 'Trigger-Test-Pass-42'
const FUNCTIONS = resolve(import.meta.dirname, 'fixtures', 'lambda')
const SECRET = `whsec_${randomBytes(32).toString('base64')}`
const LAMBDA_KEY = {
  accessKeyId: 'AKIAE2ELAMBDA0000001',
  secretAccessKey: randomBytes(30).toString('base64'),
}
const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`

/** A delivery the webhook received, as it came over the wire. */
interface Delivery {
  body: Buffer
  headers: IncomingHttpHeaders
}

/**
 * The three kinds of trigger target, each reached through Portcullis by the unmodified AWS SDK:
 * a Standard Webhook served here and verified with the `standardwebhooks` package as its README
 * shows, a simulated Lambda Invoke endpoint running the developer guide's own Node.js handlers,
 * and targets that are misconfigured.
 */
describe('trigger targets, with the AWS SDK', () => {
  let worker: RunningWorker
  let hook: Server
  let lambda: LambdaInvokeServer
  let otherAccount: LambdaInvokeServer
  const deliveries: Delivery[] = []
  let hookUrl = ''
  let admin: CognitoIdentityProviderClient
  let user: CognitoIdentityProviderClient

  beforeAll(async () => {
    const { handler } = (await import(resolve(FUNCTIONS, 'pre-sign-up.mjs'))) as {
      handler: (event: unknown) => Promise<unknown>
    }
    const wh = new Webhook(SECRET)
    hook = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', async () => {
        const body = Buffer.concat(chunks)
        let event: unknown
        try {
          // The raw body as received, before any parsing, as the README says.
          event = wh.verify(body, request.headers as Record<string, string>)
        } catch {
          response.writeHead(401, { 'content-type': 'application/json' })
          return response.end(JSON.stringify({ message: 'signature does not verify' }))
        }
        deliveries.push({ body, headers: request.headers })
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify(await handler(event)))
      })
    })
    await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done))
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`
    lambda = await startLambdaInvokeServer(
      {
        'pre-sign-up': resolve(FUNCTIONS, 'pre-sign-up.mjs'),
        'deny-short-names': resolve(FUNCTIONS, 'deny-short-names.cjs'),
        'never-answers': resolve(FUNCTIONS, 'never-answers.mjs'),
      },
      LAMBDA_KEY,
    )
    // The same function behind an endpoint that holds another secret for the key: a bad signature.
    otherAccount = await startLambdaInvokeServer(
      { 'pre-sign-up': resolve(FUNCTIONS, 'pre-sign-up.mjs') },
      { accessKeyId: LAMBDA_KEY.accessKeyId, secretAccessKey: 'another-secret' },
    )
    worker = await startWorkerWithTriggers({
      targets: {
        [arn('webhook-pre-sign-up')]: { webhook: hookUrl },
        [arn('wrongly-signed')]: { lambda: otherAccount.endpoint },
        [arn('unbound')]: { service: 'NO_SUCH_BINDING' },
        // Any other function of the account: its own name at the Lambda endpoint.
        'arn:aws:lambda:us-east-1:123456789012:function:*': { lambda: lambda.endpoint },
      },
      vars: {
        TRIGGER_WEBHOOK_SECRET: SECRET,
        LAMBDA_CREDENTIALS: `${LAMBDA_KEY.accessKeyId}:${LAMBDA_KEY.secretAccessKey}`,
      },
    })
    admin = adminClient(worker)
    user = publicClient(worker)
  })
  afterAll(async () => {
    await worker?.stop()
    hook?.closeAllConnections()
    hook?.close()
    await lambda?.close()
    await otherAccount?.close()
  })

  /** A pool whose PreSignUp is `functionArn`, with email verified by code, and an app client. */
  async function poolWith(functionArn: string) {
    const pool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'targets',
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { PreSignUp: functionArn },
      }),
    )
    const poolId = pool.UserPool!.Id!
    const client = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }),
    )
    const clientId = client.UserPoolClient!.ClientId!
    return {
      poolId,
      signUp: (Username: string) =>
        user.send(
          new SignUpCommand({
            ClientId: clientId,
            Username,
            Password: PASSWORD,
            UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }],
          }),
        ),
      /** That the sign-up left nothing: no user, no code sent. */
      async leftNothing(Username: string) {
        await expect(
          admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username })),
        ).rejects.toBeInstanceOf(UserNotFoundException)
        const outbox = await fetch(`${worker.endpoint}/_dev/outbox/${poolId}`)
        const { messages } = (await outbox.json()) as { messages: Array<{ username: string }> }
        expect(messages.filter((message) => message.username === Username)).toEqual([])
      },
    }
  }

  describe('a Standard Webhook', () => {
    it('is verified by the standardwebhooks package, and its answer confirms the user', async () => {
      const pool = await poolWith(arn('webhook-pre-sign-up'))
      expect((await pool.signUp('hook-ana')).UserConfirmed).toBe(true)
      const stored = await admin.send(
        new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'hook-ana' }),
      )
      expect(stored.UserStatus).toBe('CONFIRMED')
      expect(stored.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
      const delivery = deliveries.at(-1)!
      expect(JSON.parse(delivery.body.toString())).toMatchObject({
        triggerSource: 'PreSignUp_SignUp',
        userPoolId: pool.poolId,
        userName: 'hook-ana',
      })
    })

    it('refuses a body changed in flight, and the same delivery once its timestamp is old', async () => {
      const delivery = deliveries.at(-1)!
      const wh = new Webhook(SECRET)
      const headers = delivery.headers as Record<string, string>
      expect(wh.verify(delivery.body, headers)).toMatchObject({ userName: 'hook-ana' })
      const tampered = Buffer.from(delivery.body.toString().replace('"hook-ana"', '"hook-eve"'))
      expect(() => wh.verify(tampered, headers)).toThrow(WebhookVerificationError)
      // Sent to the webhook as it would arrive, the changed body is refused there too.
      const forged = await fetch(hookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': headers['webhook-id']!,
          'webhook-timestamp': headers['webhook-timestamp']!,
          'webhook-signature': headers['webhook-signature']!,
        },
        body: tampered,
      })
      expect(forged.status).toBe(401)
      // A replay is refused once the timestamp is past the library's five-minute tolerance (the
      // verifier's clock is moved, not waited for). Within it, refusing a replay means remembering
      // webhook-id values: that is the receiver's to do.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 6 * 60_000 })
      try {
        expect(() => wh.verify(delivery.body, headers)).toThrow('Message timestamp too old')
      } finally {
        vi.useRealTimers()
      }
    })
  })

  describe('the Lambda Invoke API', () => {
    it("runs the guide's own handler unmodified, signed for service lambda", async () => {
      const pool = await poolWith(arn('pre-sign-up'))
      expect((await pool.signUp('lambda-lu')).UserConfirmed).toBe(true)
      const stored = await admin.send(
        new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'lambda-lu' }),
      )
      expect(stored.UserStatus).toBe('CONFIRMED')
      expect(stored.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
      expect(lambda.invocations.at(-1)).toMatchObject({
        functionName: 'pre-sign-up',
        event: { triggerSource: 'PreSignUp_SignUp', userName: 'lambda-lu' },
      })
    })

    it("surfaces the function's error with its message and leaves nothing", async () => {
      const pool = await poolWith(arn('deny-short-names'))
      const refused = await pool.signUp('bo').catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(UserLambdaValidationException)
      expect((refused as Error).message).toBe(
        'PreSignUp failed with error Cannot register users with username less than the minimum length of 5.',
      )
      await pool.leftNothing('bo')
      // A longer name passes the same function.
      expect((await pool.signUp('bo-long')).UserConfirmed).toBe(false)
    })

    it('gives up on a function that never answers after three aborted attempts, leaving nothing', async () => {
      const pool = await poolWith(arn('never-answers'))
      const before = lambda.invocations.filter((i) => i.functionName === 'never-answers').length
      const failed = await pool.signUp('stuck-sam').catch((error: unknown) => error)
      expect(failed).toBeInstanceOf(UnexpectedLambdaException)
      expect((failed as UnexpectedLambdaException).$metadata.httpStatusCode).toBe(400)
      // Each attempt's budget closed its connection: the function's endpoint saw all three go.
      await lambda.abandoned(before + 3)
      const stuck = lambda.invocations.filter((i) => i.functionName === 'never-answers')
      expect(stuck.length - before).toBe(3)
      expect(stuck.every((invocation) => invocation.abandoned)).toBe(true)
      await pool.leftNothing('stuck-sam')
    }, 60_000) // Three attempts of Cognito's 5 s each are waited for in real time, once.
  })

  describe('a misconfigured target', () => {
    it.each([
      [
        'an ARN TRIGGER_TARGETS does not map',
        'arn:aws:lambda:us-west-2:999999999999:function:x',
        'ResourceNotFoundException',
      ],
      ['a service binding the Worker does not have', arn('unbound'), 'ResourceNotFoundException'],
      [
        'a function the Lambda endpoint does not hold',
        arn('no-such-function'),
        'ResourceNotFoundException',
      ],
      [
        'a Lambda endpoint that refuses the signature',
        arn('wrongly-signed'),
        'InvalidSignatureException',
      ],
    ])('%s is UnexpectedLambdaException, not a 500', async (_what, functionArn, code) => {
      const pool = await poolWith(functionArn)
      const failed = await pool.signUp('misconfigured-mo').catch((error: unknown) => error)
      expect(failed).toBeInstanceOf(UnexpectedLambdaException)
      expect((failed as UnexpectedLambdaException).$metadata.httpStatusCode).toBe(400)
      // As Cognito words a refused invocation: the code, and nothing of the configuration.
      expect((failed as Error).message).toBe(`PreSignUp invocation failed due to error ${code}.`)
      await pool.leftNothing('misconfigured-mo')
    })
  })

  describe('the simulated Lambda endpoint, called directly', () => {
    /** An Invoke request signed as the AWS SDK signs it. */
    async function invoke(server: LambdaInvokeServer, functionName: string, payload: string) {
      const url = new URL(
        `${server.endpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
      )
      const signer = new SignatureV4({
        service: 'lambda',
        region: 'us-east-1',
        credentials: LAMBDA_KEY,
        sha256: NodeSha256,
      })
      const signed = await signer.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers: {
          host: url.host,
          'content-type': 'application/json',
          'x-amz-invocation-type': 'RequestResponse',
        },
        body: payload,
      })
      const response = await fetch(url, { method: 'POST', headers: signed.headers, body: payload })
      return { response, body: await response.text() }
    }

    it('answers a function error, an unknown function and a bad signature as Invoke does', async () => {
      const event = JSON.stringify({ userName: 'bo', response: {} })
      const failed = await invoke(lambda, arn('deny-short-names'), event)
      expect(failed.response.status).toBe(200)
      expect(failed.response.headers.get('x-amz-function-error')).toBe('Unhandled')
      expect(JSON.parse(failed.body)).toEqual({
        errorType: 'Error',
        errorMessage: 'Cannot register users with username less than the minimum length of 5',
        trace: expect.arrayContaining([expect.stringContaining('Error: Cannot register')]),
      })
      // The same function by its bare name answers the event.
      const passed = await invoke(
        lambda,
        'deny-short-names',
        JSON.stringify({ userName: 'bo-long' }),
      )
      expect([passed.response.status, passed.body]).toEqual([200, '{"userName":"bo-long"}'])

      const missing = await invoke(lambda, arn('no-such-function'), event)
      expect(missing.response.status).toBe(404)
      expect(missing.response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException')
      expect(JSON.parse(missing.body)).toEqual({
        Type: 'User',
        Message: `Function not found: ${arn('no-such-function')}`,
      })

      const forged = await invoke(otherAccount, arn('pre-sign-up'), event)
      expect(forged.response.status).toBe(403)
      expect(forged.response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException')
      expect(otherAccount.invocations).toEqual([])
    })
  })
})
