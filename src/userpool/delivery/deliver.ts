import { CodeDeliveryFailureException } from '../../errors/cognito'
import type { OutgoingMessage } from '../../messaging/sender'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

/**
 * The pool's own sender of email (EmailConfiguration.From and ReplyToEmailAddress), for the
 * message's `from` and `replyTo`; the deployment's EMAIL_FROM is used where the pool has none.
 */
export function poolEmailSender(pool: UserPoolConfig): Pick<OutgoingMessage, 'from' | 'replyTo'> {
  const email = pool.Extra.EmailConfiguration as
    | { From?: unknown; ReplyToEmailAddress?: unknown }
    | undefined
  return {
    ...(typeof email?.From === 'string' && email.From !== '' ? { from: email.From } : {}),
    ...(typeof email?.ReplyToEmailAddress === 'string' && email.ReplyToEmailAddress !== ''
      ? { replyTo: email.ReplyToEmailAddress }
      : {}),
  }
}

/** Sends a message; any failure of the sender becomes Cognito's CodeDeliveryFailureException. */
export async function deliver(services: UserPoolServices, message: OutgoingMessage): Promise<void> {
  try {
    await services.messages.send(message)
  } catch (error) {
    throw new CodeDeliveryFailureException('Unable to deliver the message to the user.', {
      detail: error instanceof Error ? error.message : String(error),
    })
  }
}

/** Cognito's masked destination in CodeDeliveryDetails: `j***@e***` for email, `+*******1234` for phone. */
export function maskDestination(medium: 'EMAIL' | 'SMS', destination: string): string {
  if (medium === 'SMS')
    return `+${'*'.repeat(Math.max(0, destination.length - 5))}${destination.slice(-4)}`
  const [local = '', domain = ''] = destination.split('@')
  return `${local.charAt(0)}***@${domain.charAt(0)}***`
}
