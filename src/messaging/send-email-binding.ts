import { mailContent } from './mail-content'
import type { Mailbox } from './mailbox'
import { buildMimeMessage } from './mime'
import type { MessageSender } from './sender'

/**
 * Delivers email through a Cloudflare `send_email` binding (Email Routing / Email Service): a
 * message built by mime.ts, handed to `send(new EmailMessage(from, to, raw))`. The envelope
 * addresses are the message's own From and To, as the binding requires.
 */
export function sendEmailBindingSender(
  binding: SendEmail,
  from: Mailbox,
  now: () => number,
): MessageSender {
  return {
    async send(message) {
      const mail = mailContent(message, from)
      const raw = buildMimeMessage(mail, now(), crypto.randomUUID())
      const { EmailMessage } = await import('cloudflare:email')
      try {
        await binding.send(new EmailMessage(mail.from.address, mail.to.address, raw))
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error)
        throw new Error(`the send_email binding refused the message: ${text.slice(0, 200)}`)
      }
    },
  }
}
