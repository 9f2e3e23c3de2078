import type { EmailOptions, WorkerMailerOptions } from 'worker-mailer'
import { mailContent } from './mail-content'
import type { Mailbox } from './mailbox'
import { addressHeaders } from './mime'
import type { MessageSender } from './sender'

/** How an SMTP connection is secured: STARTTLS (required), TLS from the start, or none. */
export type SmtpSecurity = 'starttls' | 'tls' | 'none'

export interface SmtpOptions {
  host: string
  port: number
  security: SmtpSecurity
  credentials?: { username: string; password: string }
  /** The deployment's From, for pools without their own. */
  from: Mailbox
  /** How long to wait to connect and for each server reply. */
  timeoutMs: number
}

/** The session steps of worker-mailer 1.2.1 this sender wraps (private in its typings). */
interface MailerSession {
  initializeSmtpSession(): Promise<void>
  start(): Promise<void>
  send(email: EmailOptions): Promise<void>
  close(error?: Error): Promise<void>
  tls(): Promise<void>
  auth(): Promise<void>
  socket: { close(): Promise<void> }
}

/**
 * Delivers email over SMTP from the Worker (worker-mailer over `cloudflare:sockets`), one
 * connection a message. Two rules worker-mailer leaves to its caller are kept here, before any
 * credential is sent: with `starttls` the connection must have been upgraded (a server, or a
 * man in the middle, that hides STARTTLS gets no password in the clear), and without credentials a
 * server that offers AUTH is not asked to authenticate. Headers are built by mime.ts, so no
 * subject or address can add a line of its own. Errors name the server and its reply code, never
 * the credentials or the server's text.
 */
export function smtpSender(options: SmtpOptions): MessageSender {
  return {
    async send(message) {
      const mail = mailContent(message, options.from)
      const headers = Object.fromEntries(addressHeaders(mail))
      const { WorkerMailer, LogLevel } = await import('worker-mailer')
      const Base = WorkerMailer as unknown as new (options: WorkerMailerOptions) => MailerSession
      const { credentials, security } = options
      class CheckedMailer extends Base {
        upgraded = false
        override async tls() {
          await super.tls()
          this.upgraded = true
        }
        override async auth() {
          if (security === 'starttls' && !this.upgraded)
            throw new Error('the server did not offer STARTTLS')
          if (credentials) await super.auth()
        }
      }
      const where = `SMTP delivery through ${options.host}:${options.port} failed`
      let mailer: CheckedMailer | undefined
      try {
        mailer = new CheckedMailer({
          host: options.host,
          port: options.port,
          secure: security === 'tls',
          startTls: security === 'starttls',
          ...(credentials ? { credentials, authType: ['plain', 'login'] } : {}),
          logLevel: LogLevel.NONE,
          socketTimeoutMs: options.timeoutMs,
          responseTimeoutMs: options.timeoutMs,
        })
        await mailer.initializeSmtpSession()
        mailer.start().catch(() => undefined)
        await mailer.send({
          from: mail.from.address,
          to: mail.to.address,
          subject: mail.subject,
          text: mail.text,
          headers,
        })
      } catch (error) {
        await mailer?.socket.close().catch(() => undefined)
        throw new Error(`${where}: ${reason(error)}`)
      }
      await mailer.close().catch(() => undefined)
    },
  }
}

/** The reply code of a failed step, or what kind of failure it was; never the server's text. */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  if (text === 'the server did not offer STARTTLS') return text
  const code = /\b([45]\d\d)[ -]/.exec(text)?.[1]
  if (code) return `the server answered ${code}`
  if (/timeout/i.test(text)) return 'no answer in time'
  if (/no supported auth method/i.test(text)) return 'the server offers no AUTH PLAIN or LOGIN'
  return 'the connection failed'
}
