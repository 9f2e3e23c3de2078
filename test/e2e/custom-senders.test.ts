import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import * as encryptionSdk from '@aws-crypto/client-node'
import b64 from 'base64-js'
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { freePort, startWorker, type RunningWorker } from './support/worker'

const SENDER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:custom-email-sender'
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
const SECRET = `whsec_${randomBytes(32).toString('base64')}`

/** What the function would hand its email provider: the trigger source and the decrypted code. */
interface Delivered {
  triggerSource: string
  email: string
  plainTextCode: string
}

/**
 * The guide's Node.js custom email sender, as it is written there, its environment given as
 * `process.env` would be. Two changes only, both outside the handler: ES imports of the same
 * modules (the unused `aws-sdk` v2 import is left out), and the keyring's `clientProvider`, the
 * Encryption SDK's own option, pointing its KMS client at the Worker with the function's key.
 */
function guideHandler(
  env: { KEY_ALIAS: string; KEY_ARN: string },
  kms: { endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } },
  provider: (message: Delivered) => void,
) {
  const clientProvider = encryptionSdk.getClient(encryptionSdk.KMS, kms)
  //Configure the encryption SDK client with the KMS key from the environment variables.
  const { decrypt } = encryptionSdk.buildClient(
    encryptionSdk.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
  )
  const generatorKeyId = env.KEY_ALIAS
  const keyIds = [env.KEY_ARN]
  const keyring = new encryptionSdk.KmsKeyringNode({ generatorKeyId, keyIds, clientProvider })
  // biome-ignore lint/suspicious/noExplicitAny: the guide's handler takes the event untyped
  return async (event: any) => {
    //Decrypt the secret code using encryption SDK.
    let plainTextCode: Buffer | undefined
    if (event.request.code) {
      const { plaintext } = await decrypt(keyring, b64.toByteArray(event.request.code))
      plainTextCode = plaintext
    }
    //PlainTextCode now contains the decrypted secret.
    if (event.triggerSource === 'CustomEmailSender_SignUp') {
      //Send an email message to your user via a custom provider.
      provider({
        triggerSource: event.triggerSource,
        email: event.request.userAttributes.email,
        plainTextCode: String(plainTextCode),
      })
    }
    return
  }
}

describe('a custom email sender behind a Standard Webhook, with the Encryption SDK', () => {
  let worker: RunningWorker
  let hook: Server
  const delivered: Delivered[] = []
  const refused: string[] = []

  beforeAll(async () => {
    const port = await freePort()
    let handler: ReturnType<typeof guideHandler> | undefined
    const webhook = new Webhook(SECRET)
    hook = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', async () => {
        try {
          // The webhook proves it comes from the Worker before the function runs.
          const event = webhook.verify(body, request.headers as Record<string, string>)
          await handler!(event)
          response.writeHead(200, { 'content-type': 'application/json' }).end('null')
        } catch (error) {
          refused.push(error instanceof Error ? error.message : String(error))
          response.writeHead(400).end(JSON.stringify({ errorMessage: String(error) }))
        }
      })
    })
    await new Promise<void>((resolve) => hook.listen(port, '127.0.0.1', resolve))
    worker = await startWorker({
      vars: {
        TRIGGER_TARGETS: JSON.stringify({
          [SENDER_ARN]: { webhook: `http://127.0.0.1:${port}/custom-email-sender` },
        }),
        TRIGGER_WEBHOOK_SECRET: SECRET,
      },
    })
    handler = guideHandler(
      { KEY_ALIAS: 'alias/cognito-codes', KEY_ARN },
      {
        endpoint: worker.endpoint,
        credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
      },
      (message) => delivered.push(message),
    )
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

  it('sends SignUp’s code to the function, which decrypts it, and ConfirmSignUp takes it', async () => {
    const LambdaConfig = {
      CustomEmailSender: { LambdaVersion: 'V1_0' as const, LambdaArn: SENDER_ARN },
      KMSKeyID: KEY_ARN,
    }
    const poolId = (
      await sdk().send(
        new CreateUserPoolCommand({
          PoolName: 'custom-sender',
          AutoVerifiedAttributes: ['email'],
          LambdaConfig,
        }),
      )
    ).UserPool!.Id!
    expect(
      (await sdk().send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!
        .LambdaConfig,
    ).toEqual(LambdaConfig)
    const clientId = (
      await sdk().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c' }))
    ).UserPoolClient!.ClientId!
    const signUp = await sdk().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'sender-user',
        Password: 'Sender-Pass-1',
        UserAttributes: [{ Name: 'email', Value: 'sender@example.com' }],
      }),
    )
    expect(signUp.UserConfirmed).toBe(false)
    // The sender runs after the answer, as Cognito's asynchronous invocation does: wait for it.
    await vi.waitFor(() => expect(delivered.length + refused.length).toBeGreaterThan(0), {
      timeout: 30_000,
      interval: 50,
    })
    expect(refused).toEqual([])
    expect(delivered).toEqual([
      {
        triggerSource: 'CustomEmailSender_SignUp',
        email: 'sender@example.com',
        plainTextCode: expect.stringMatching(/^\d{6}$/),
      },
    ])
    // The pool's own delivery (the development outbox here) sent nothing.
    const outbox = await fetch(`${worker.endpoint}/_dev/outbox/${poolId}`)
    expect(((await outbox.json()) as { messages: unknown[] }).messages).toEqual([])

    await sdk().send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: 'sender-user',
        ConfirmationCode: delivered[0]!.plainTextCode,
      }),
    )
  })

  it('answers KMS Decrypt of a blob it never sealed, or an unsigned one, in KMS’s wire format', async () => {
    const kms = new encryptionSdk.KMS({
      endpoint: worker.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
      maxAttempts: 1,
    })
    await expect(
      kms.decrypt({ CiphertextBlob: randomBytes(180), KeyId: KEY_ARN }),
    ).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
      $metadata: { httpStatusCode: 400 },
    })
    const unsigned = await fetch(`${worker.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'TrentService.Decrypt',
      },
      body: '{"CiphertextBlob":',
    })
    expect(unsigned.status).toBe(403)
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' })
  })
})
