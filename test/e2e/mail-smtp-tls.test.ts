import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { parseMail } from './support/parse-mail'
import { type SmtpReceiver, startSmtpReceiver } from './support/smtp-receiver'
import { type RunningWorker, startWorker } from './support/worker'

const FIXTURE = join(import.meta.dirname, 'fixtures', 'mail')

// Miniflare reads NODE_EXTRA_CA_CERTS once, when it is first imported, into the trust store of
// the Worker's outbound connections: set it before the imports above run (the same test CA as
// the STARTTLS test; its private key is gone).
vi.hoisted(() => {
  process.env.NODE_EXTRA_CA_CERTS = `${import.meta.dirname}/fixtures/mail/ca.pem`
})

describe('SMTP over implicit TLS (SMTP_SECURITY=tls) to a real smtp-server on loopback', () => {
  let server: SmtpReceiver
  let untrusted: SmtpReceiver
  let plaintext: SmtpReceiver
  let worker: RunningWorker
  let toUntrusted: RunningWorker
  let toPlaintext: RunningWorker
  const PASSWORD = 'implicit-tls-password-1234'
  const vars = (port: number) => ({
    EMAIL_SENDER: 'smtp',
    EMAIL_FROM: 'no-reply@portcullis.example',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_SECURITY: 'tls',
    SMTP_USERNAME: 'mailer',
    SMTP_PASSWORD: PASSWORD,
  })

  beforeAll(async () => {
    // `secure: true`: TLS from the first byte, as on port 465; no STARTTLS is offered.
    server = await startSmtpReceiver({
      accounts: { mailer: PASSWORD },
      secure: true,
      key: readFileSync(join(FIXTURE, 'smtp-key.pem')),
      cert: readFileSync(join(FIXTURE, 'smtp-cert.pem')),
    })
    // smtp-server's own built-in certificate: self-signed, by no CA the Worker trusts.
    untrusted = await startSmtpReceiver({ accounts: { mailer: PASSWORD }, secure: true })
    // A server that speaks SMTP in the clear where TLS is expected.
    plaintext = await startSmtpReceiver({ accounts: { mailer: PASSWORD }, hideSTARTTLS: true })
    ;[worker, toUntrusted, toPlaintext] = await Promise.all([
      startWorker({ vars: vars(server.port) }),
      startWorker({ vars: vars(untrusted.port) }),
      startWorker({ vars: vars(plaintext.port) }),
    ])
  })

  afterAll(async () => {
    await Promise.all([worker?.stop(), toUntrusted?.stop(), toPlaintext?.stop()])
    await Promise.all([server?.close(), untrusted?.close(), plaintext?.close()])
    delete process.env.NODE_EXTRA_CA_CERTS
  })

  async function signUp(on: RunningWorker, username: string) {
    const client = new CognitoIdentityProviderClient({
      endpoint: on.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: on.accessKeyId, secretAccessKey: on.secretAccessKey },
      maxAttempts: 1,
    })
    const poolId = (
      await client.send(
        new CreateUserPoolCommand({ PoolName: 'implicit-tls', AutoVerifiedAttributes: ['email'] }),
      )
    ).UserPool!.Id!
    const clientId = (
      await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c' }))
    ).UserPoolClient!.ClientId!
    return client.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: 'Tls-Pass-12345',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.org` }],
      }),
    )
  }

  it('speaks TLS from the first byte, authenticates inside it and delivers the code', async () => {
    await signUp(worker, 'implicit-user')
    const mail = server.received.at(-1)!
    expect(mail.secure).toBe(true)
    expect(mail.user).toBe('PLAIN:mailer')
    expect(mail.rcptTo).toEqual(['implicit-user@example.org'])
    expect(parseMail(mail.raw).text.trimEnd()).toMatch(/^Your verification code is \d{6}\.$/)
  })

  it('refuses a server whose certificate it does not trust, before AUTH', async () => {
    await expect(signUp(toUntrusted, 'mitm-user')).rejects.toMatchObject({
      name: 'CodeDeliveryFailureException',
    })
    expect(untrusted.authAttempts).toEqual([])
    expect(untrusted.received).toEqual([])
  })

  it('sends nothing to a server that answers in the clear', async () => {
    await expect(signUp(toPlaintext, 'clear-user')).rejects.toMatchObject({
      name: 'CodeDeliveryFailureException',
    })
    expect(plaintext.authAttempts).toEqual([])
    expect(plaintext.received).toEqual([])
  })
})
