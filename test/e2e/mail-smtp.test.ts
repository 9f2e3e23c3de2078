import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseMail } from './support/parse-mail'
import { type SmtpReceiver, startSmtpReceiver } from './support/smtp-receiver'
import { type RunningWorker, startWorker } from './support/worker'

const sdk = (worker: RunningWorker) =>
  new CognitoIdentityProviderClient({
    endpoint: worker.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
    maxAttempts: 1,
  })

/** A pool and app client on `worker`; SignUp of `email` there. */
async function signUp(
  worker: RunningWorker,
  email: string,
  pool: Partial<CreateUserPoolCommandInput> = {},
) {
  const client = sdk(worker)
  const poolId = (
    await client.send(
      new CreateUserPoolCommand({ PoolName: 'mail', AutoVerifiedAttributes: ['email'], ...pool }),
    )
  ).UserPool!.Id!
  const clientId = (
    await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c' }))
  ).UserPoolClient!.ClientId!
  const username = `u${randomBytes(4).toString('hex')}`
  const send = () =>
    client.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: 'Smtp-Pass-1234',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    )
  return { poolId, clientId, username, send }
}

async function outboxCode(worker: RunningWorker, poolId: string): Promise<string> {
  const messages = (await (await fetch(`${worker.endpoint}/_dev/outbox/${poolId}`)).json()) as {
    messages: Array<{ code: string }>
  }
  return messages.messages.at(-1)!.code
}

describe('email over SMTP from the Worker, to a real smtp-server with AUTH PLAIN', () => {
  let server: SmtpReceiver
  let worker: RunningWorker
  const password = randomBytes(18).toString('base64url')

  beforeAll(async () => {
    server = await startSmtpReceiver({
      accounts: { mailer: password },
      authMethods: ['PLAIN'],
      disabledCommands: ['STARTTLS'],
    })
    worker = await startWorker({
      vars: {
        EMAIL_SENDER: 'smtp',
        EMAIL_FROM: 'Portcullis <no-reply@portcullis.example>',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(server.port),
        SMTP_SECURITY: 'none',
        SMTP_USERNAME: 'mailer',
        SMTP_PASSWORD: password,
      },
    })
  })

  afterAll(async () => {
    await worker?.stop()
    await server?.close()
  })

  it('delivers the SignUp confirmation code, which confirms the user', async () => {
    const { poolId, clientId, username, send } = await signUp(worker, 'new.user@example.org')
    await expect(send()).resolves.toMatchObject({
      CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' },
    })
    const mail = server.received.at(-1)!
    expect(mail.user).toBe('PLAIN:mailer')
    expect(mail.mailFrom).toBe('no-reply@portcullis.example')
    expect(mail.rcptTo).toEqual(['new.user@example.org'])
    const parsed = parseMail(mail.raw)
    expect(parsed.headers.get('from')).toEqual(['"Portcullis" <no-reply@portcullis.example>'])
    expect(parsed.headers.get('to')).toEqual(['new.user@example.org'])
    expect(parsed.headers.get('subject')).toEqual(['Your verification code'])
    const code = /Your verification code is (\d{6})\./.exec(parsed.text)?.[1]
    expect(code).toMatch(/^\d{6}$/)
    // The development outbox, on in these tests, keeps the same message too.
    expect(await outboxCode(worker, poolId)).toBe(code)
    await expect(
      sdk(worker).send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: username,
          ConfirmationCode: code,
        }),
      ),
    ).resolves.toBeDefined()
  })

  it("uses the pool's EmailConfiguration From and Reply-To, and a non-ASCII subject arrives intact", async () => {
    const subject = 'Ваш код — código {####} 🔐'
    const { send } = await signUp(worker, 'intl@example.org', {
      EmailConfiguration: {
        EmailSendingAccount: 'DEVELOPER',
        SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/pool.example',
        From: 'Pööl Sender <sender@pool.example>',
        ReplyToEmailAddress: 'help@pool.example',
      },
      VerificationMessageTemplate: {
        DefaultEmailOption: 'CONFIRM_WITH_CODE',
        EmailSubject: subject,
        EmailMessage: 'Dein Code lautet {####}. Grüße!',
      },
    })
    await send()
    const mail = server.received.at(-1)!
    expect(mail.mailFrom).toBe('sender@pool.example')
    const parsed = parseMail(mail.raw)
    expect(parsed.headers.get('from')).toEqual(['Pööl Sender <sender@pool.example>'])
    expect(parsed.headers.get('reply-to')).toEqual(['help@pool.example'])
    expect(parsed.headers.get('subject')).toEqual([subject])
    // worker-mailer ends its text part with a line break.
    expect(parsed.text.trimEnd()).toMatch(/^Dein Code lautet \d{6}\. Grüße!$/)
  })

  it('delivers an EMAIL_OTP sign-in code (email MFA), which completes the sign-in', async () => {
    const client = sdk(worker)
    const poolId = (
      await client.send(
        new CreateUserPoolCommand({
          PoolName: 'mail-mfa',
          EmailConfiguration: {
            EmailSendingAccount: 'DEVELOPER',
            SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/pool.example',
            From: 'Pool Codes <codes@pool.example>',
          },
        }),
      )
    ).UserPool!.Id!
    await client.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'ON',
        EmailMfaConfiguration: { Message: 'Your sign-in code is {####}.', Subject: 'Sign in' },
      }),
    )
    const clientId = (
      await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'c',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'mfa-mail',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'mfa.user@example.org' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    )
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'mfa-mail',
        Password: 'Smtp-Pass-1234',
        Permanent: true,
      }),
    )
    await client.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'mfa-mail',
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    )
    const before = server.received.length
    const challenge = await client.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'mfa-mail', PASSWORD: 'Smtp-Pass-1234' },
      }),
    )
    expect(challenge).toMatchObject({
      ChallengeName: 'EMAIL_OTP',
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' },
    })
    expect(server.received.length).toBe(before + 1)
    const mail = server.received.at(-1)!
    expect(mail.user).toBe('PLAIN:mailer')
    expect(mail.mailFrom).toBe('codes@pool.example')
    expect(mail.rcptTo).toEqual(['mfa.user@example.org'])
    const parsed = parseMail(mail.raw)
    expect(parsed.headers.get('subject')).toEqual(['Sign in'])
    const code = /^Your sign-in code is (\d{6})\.$/.exec(parsed.text.trimEnd())?.[1]
    expect(code).toMatch(/^\d{6}$/)
    const done = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'mfa-mail', EMAIL_OTP_CODE: code! },
      }),
    )
    expect(done.AuthenticationResult?.AccessToken).toBeTypeOf('string')
  })

  it('refuses a subject with a line break: CodeDeliveryFailureException, and nothing is sent', async () => {
    const before = server.received.length
    const { send } = await signUp(worker, 'victim@example.org', {
      VerificationMessageTemplate: {
        DefaultEmailOption: 'CONFIRM_WITH_CODE',
        EmailSubject: 'Your code\r\nBcc: attacker@evil.example',
        EmailMessage: 'Your code is {####}.',
      },
    })
    await expect(send()).rejects.toMatchObject({ name: 'CodeDeliveryFailureException' })
    expect(server.received.length).toBe(before)
  })
})

describe('SMTP failures and a server without AUTH', () => {
  let server: SmtpReceiver
  const workers: RunningWorker[] = []
  const start = async (vars: Record<string, string>) => {
    const worker = await startWorker({
      vars: {
        EMAIL_SENDER: 'smtp',
        EMAIL_FROM: 'no-reply@portcullis.example',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(server.port),
        ...vars,
      },
    })
    workers.push(worker)
    return worker
  }

  beforeAll(async () => {
    server = await startSmtpReceiver({ disabledCommands: ['AUTH', 'STARTTLS'] })
  })

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()))
    await server?.close()
  })

  it('delivers without credentials to a relay that takes mail without AUTH', async () => {
    const worker = await start({ SMTP_SECURITY: 'none' })
    const { send } = await signUp(worker, 'relay@example.org')
    await send()
    const mail = server.received.at(-1)!
    expect(mail.user).toBeUndefined()
    expect(mail.rcptTo).toEqual(['relay@example.org'])
    expect(parseMail(mail.raw).text.trimEnd()).toMatch(/^Your verification code is \d{6}\.$/)
  })

  it('sends no password when STARTTLS is required and the server hides it', async () => {
    const hiding = await startSmtpReceiver({
      accounts: { mailer: 'a-password-1234' },
      hideSTARTTLS: true,
    })
    try {
      const worker = await start({
        SMTP_PORT: String(hiding.port),
        SMTP_SECURITY: 'starttls',
        SMTP_USERNAME: 'mailer',
        SMTP_PASSWORD: 'a-password-1234',
      })
      const { send } = await signUp(worker, 'downgrade@example.org')
      await expect(send()).rejects.toMatchObject({ name: 'CodeDeliveryFailureException' })
      expect(hiding.authAttempts).toEqual([])
      expect(hiding.received).toEqual([])
    } finally {
      await hiding.close()
    }
  })

  it('turns a refused login into CodeDeliveryFailureException without printing the password', async () => {
    const strict = await startSmtpReceiver({
      accounts: { mailer: 'the-right-one-1234' },
      disabledCommands: ['STARTTLS'],
    })
    try {
      const wrong = `wrong-${randomBytes(12).toString('hex')}`
      const worker = await start({
        SMTP_PORT: String(strict.port),
        SMTP_SECURITY: 'none',
        SMTP_USERNAME: 'mailer',
        SMTP_PASSWORD: wrong,
      })
      const { send } = await signUp(worker, 'refused@example.org')
      const error = await send().then(
        () => undefined,
        (e: Error) => e,
      )
      expect(error).toMatchObject({ name: 'CodeDeliveryFailureException' })
      expect(strict.authAttempts).toEqual([{ method: 'PLAIN', username: 'mailer' }])
      expect(strict.received).toEqual([])
      expect(JSON.stringify(error)).not.toContain(wrong)
      expect(worker.log()).not.toContain(wrong)
      expect(worker.log()).not.toContain(Buffer.from(`\0mailer\0${wrong}`).toString('base64'))
    } finally {
      await strict.close()
    }
  })
})
