/** A message to a user: a confirmation code, a temporary password, a reset code. */
export interface OutgoingMessage {
  poolId: string
  username: string
  purpose:
    | 'SIGN_UP'
    | 'RESEND_CODE'
    | 'ADMIN_CREATE_USER'
    | 'FORGOT_PASSWORD'
    | 'VERIFY_ATTRIBUTE'
    /** A sign-in code (SMS or email MFA, one-time-password sign-in). */
    | 'AUTHENTICATION'
  medium: 'EMAIL' | 'SMS'
  destination: string
  subject?: string
  body: string
  /** The code or temporary password in the body, kept apart so development tooling can read it. */
  code?: string
  /** The pool's own From address (its EmailConfiguration.From), in place of the deployment's. */
  from?: string
  /** The pool's EmailConfiguration.ReplyToEmailAddress. */
  replyTo?: string
}

/**
 * Delivers messages. Implementations: the development outbox, the signed HTTP webhook, SMTP, the
 * `send_email` binding, an HTTP mail API and an SMS provider's HTTP API.
 */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>
}

/** Sends to every sender in turn; a failure of any is the caller's delivery failure. */
export function fanOut(senders: MessageSender[]): MessageSender {
  return {
    async send(message) {
      for (const sender of senders) await sender.send(message)
    },
  }
}

/** Sends each message through the sender for its medium; a medium without one sends nothing. */
export function byMedium(
  senders: Partial<Record<OutgoingMessage['medium'], MessageSender>>,
): MessageSender {
  return {
    async send(message) {
      await senders[message.medium]?.send(message)
    },
  }
}
