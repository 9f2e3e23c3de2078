import type { DeliverySettings } from './delivery-settings'
import { httpMailApiSender } from './http-mail-api'
import { sendEmailBindingSender } from './send-email-binding'
import { byMedium, type MessageSender } from './sender'
import { smtpSender } from './smtp'
import { twilioSmsSender } from './twilio-sms'

/**
 * The sender for each medium the settings choose. `webhook` is the signed webhook the caller
 * already built (undefined when MESSAGE_WEBHOOK_URL is unset); `sendEmail` is the Worker's
 * SEND_EMAIL binding, when it has one.
 */
export function configuredSenders(
  settings: DeliverySettings,
  webhook: MessageSender | undefined,
  sendEmail: SendEmail | undefined,
  now: () => number,
): MessageSender {
  const email = settings.email
  const sms = settings.sms
  return byMedium({
    ...(email?.kind === 'webhook' && webhook ? { EMAIL: webhook } : {}),
    ...(email?.kind === 'smtp' ? { EMAIL: smtpSender(email) } : {}),
    ...(email?.kind === 'send_email' && sendEmail
      ? { EMAIL: sendEmailBindingSender(sendEmail, email.from, now) }
      : {}),
    ...(email?.kind === 'http'
      ? { EMAIL: httpMailApiSender(email.baseUrl, email.apiKey, email.from) }
      : {}),
    ...(sms?.kind === 'webhook' && webhook ? { SMS: webhook } : {}),
    ...(sms?.kind === 'twilio' ? { SMS: twilioSmsSender(sms) } : {}),
  })
}
