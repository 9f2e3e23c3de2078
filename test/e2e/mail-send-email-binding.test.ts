import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseMail } from './support/parse-mail'
import { type RunningWorker, startWorker } from './support/worker'

/** Where Miniflare's send_email binding says it stored each message it accepted. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the binding colours its log line
const STORED = /send_email binding called with the following message:(?:\x1b\[\d+m)?\s+(\S+\.eml)/g

/**
 * The Cloudflare `send_email` binding as Miniflare implements it locally: it parses the raw
 * message (postal-mime), refuses one whose From differs from the envelope or that has no
 * Message-ID, stores it as an .eml file and logs the file's path.
 */
describe('email through the send_email binding (Miniflare)', () => {
  let worker: RunningWorker

  beforeAll(async () => {
    worker = await startWorker({
      vars: { EMAIL_SENDER: 'send_email', EMAIL_FROM: 'Portcullis <no-reply@portcullis.example>' },
      miniflare: { email: { send_email: [{ name: 'SEND_EMAIL' }] } },
      infoLog: true,
    })
  })

  afterAll(async () => {
    await worker?.stop()
  })

  const sdk = () =>
    new CognitoIdentityProviderClient({
      endpoint: worker.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
      maxAttempts: 1,
    })

  async function signUp(username: string, pool: Partial<CreateUserPoolCommandInput> = {}) {
    const poolId = (
      await sdk().send(
        new CreateUserPoolCommand({
          PoolName: 'bound',
          AutoVerifiedAttributes: ['email'],
          ...pool,
        }),
      )
    ).UserPool!.Id!
    const clientId = (
      await sdk().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c' }))
    ).UserPoolClient!.ClientId!
    const send = () =>
      sdk().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: username,
          Password: 'Bound-Pass-1234',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.org` }],
        }),
      )
    return { clientId, send }
  }

  /** The stored messages so far (the binding logs after it answers, so wait for the line). */
  async function storedMessages(count: number): Promise<string[]> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const paths = [...worker.log().matchAll(STORED)].map((match) => match[1]!)
      if (paths.length >= count) return paths
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`the binding logged fewer than ${count} message(s):\n${worker.log()}`)
  }

  it('sends the SignUp code as a MIME message the binding accepts and stores', async () => {
    const { clientId, send } = await signUp('bound-user')
    await send()
    const [path] = await storedMessages(1)
    const parsed = parseMail(readFileSync(path!, 'latin1'))
    expect(parsed.headers.get('from')).toEqual(['"Portcullis" <no-reply@portcullis.example>'])
    expect(parsed.headers.get('to')).toEqual(['bound-user@example.org'])
    expect(parsed.headers.get('message-id')?.[0]).toMatch(/^<[0-9a-f-]{36}@portcullis\.example>$/)
    const code = /^Your verification code is (\d{6})\.$/.exec(parsed.text)?.[1]
    expect(code).toBeDefined()
    await expect(
      sdk().send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'bound-user',
          ConfirmationCode: code,
        }),
      ),
    ).resolves.toBeDefined()
  })

  it("sends from the pool's own address with a non-ASCII subject", async () => {
    const subject = 'Código de verificación: {####} ✉'
    const { send } = await signUp('bound-intl', {
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', From: 'Équipe <team@pool.example>' },
      VerificationMessageTemplate: { EmailSubject: subject, EmailMessage: 'Code: {####}' },
    })
    await send()
    const paths = await storedMessages(2)
    const parsed = parseMail(readFileSync(paths.at(-1)!, 'latin1'))
    expect(parsed.headers.get('from')).toEqual(['Équipe <team@pool.example>'])
    expect(parsed.headers.get('subject')).toEqual([subject])
  })

  it('refuses a destination that would add a recipient, before the binding is called', async () => {
    const before = [...worker.log().matchAll(STORED)].length
    // The pool takes this as an email attribute; in a To header it would be two recipients.
    const { send } = await signUp('victim,attacker')
    await expect(send()).rejects.toMatchObject({ name: 'CodeDeliveryFailureException' })
    expect([...worker.log().matchAll(STORED)].length).toBe(before)
  })
})
