import { mailContent } from './mail-content'
import { hasControlCharacter, type Mailbox } from './mailbox'
import { UnsafeHeaderError } from './mime'
import type { MessageSender } from './sender'

/**
 * Delivers email through an HTTP mail API of Resend's shape: `POST {base}/emails` with a bearer
 * key and `{from, to, subject, text, reply_to}` in JSON; any 2xx is accepted. The base URL is
 * configurable, so any service (or a local server) of that shape can take it. The API builds the
 * MIME message, but the subject and addresses are checked here as for SMTP: a service that
 * writes headers naively must not be handed a line break. Errors carry the status, never the key.
 */
export function httpMailApiSender(baseUrl: string, apiKey: string, from: Mailbox): MessageSender {
  const url = `${baseUrl.replace(/\/+$/, '')}/emails`
  return {
    async send(message) {
      const mail = mailContent(message, from)
      if (hasControlCharacter(mail.subject)) throw new UnsafeHeaderError('subject')
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          from: jsonMailbox(mail.from),
          to: [mail.to.address],
          subject: mail.subject,
          text: mail.text,
          ...(mail.replyTo ? { reply_to: jsonMailbox(mail.replyTo) } : {}),
        }),
      })
      await response.body?.cancel()
      if (!response.ok) throw new Error(`the mail API answered ${response.status}`)
    },
  }
}

/**
 * A mailbox as a JSON API takes it: `Name <addr>` in plain UTF-8 (the API encodes the header), the
 * name quoted; parseMailbox has already refused names with quotes, backslashes or line breaks.
 */
function jsonMailbox(mailbox: Mailbox): string {
  return mailbox.name === undefined ? mailbox.address : `"${mailbox.name}" <${mailbox.address}>`
}
