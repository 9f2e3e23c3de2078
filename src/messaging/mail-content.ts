import { type Mailbox, parseMailbox } from './mailbox'
import type { MailContent } from './mime'
import type { OutgoingMessage } from './sender'

/**
 * What an email transport sends for a message: its destination, the pool's From (else the
 * deployment's) and Reply-To, each checked as one safe mailbox. An address that is not one is a
 * delivery failure, never passed on.
 */
export function mailContent(message: OutgoingMessage, defaultFrom: Mailbox): MailContent {
  const to = parseMailbox(message.destination)
  if (!to || to.name !== undefined) throw new Error('the destination is not a deliverable address')
  const from = message.from === undefined ? defaultFrom : parseMailbox(message.from)
  if (!from) throw new Error("the pool's From address is not a deliverable address")
  const replyTo = message.replyTo === undefined ? undefined : parseMailbox(message.replyTo)
  if (message.replyTo !== undefined && !replyTo)
    throw new Error("the pool's Reply-To address is not a deliverable address")
  return {
    from,
    to,
    ...(replyTo ? { replyTo } : {}),
    subject: message.subject ?? '',
    text: message.body,
  }
}
