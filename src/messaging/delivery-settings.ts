import { type Mailbox, parseMailbox } from './mailbox'
import type { SmtpSecurity } from './smtp'

/** Where each medium's messages go, beside the development outbox (README "Message delivery"). */
export interface DeliverySettings {
  email?:
    | { kind: 'webhook' }
    | {
        kind: 'smtp'
        from: Mailbox
        host: string
        port: number
        security: SmtpSecurity
        credentials?: { username: string; password: string }
        timeoutMs: number
      }
    | { kind: 'send_email'; from: Mailbox }
    | { kind: 'http'; from: Mailbox; baseUrl: string; apiKey: string }
  sms?:
    | { kind: 'webhook' }
    | { kind: 'twilio'; baseUrl: string; accountSid: string; authToken: string; from: string }
}

/** The variables this reads, by name (a subset of the Worker's Env). */
export type DeliveryVariable =
  | 'EMAIL_SENDER'
  | 'SMS_SENDER'
  | 'EMAIL_FROM'
  | 'SMTP_HOST'
  | 'SMTP_PORT'
  | 'SMTP_SECURITY'
  | 'SMTP_USERNAME'
  | 'SMTP_PASSWORD'
  | 'SMTP_TIMEOUT_SECONDS'
  | 'MAIL_API_URL'
  | 'MAIL_API_KEY'
  | 'TWILIO_API_URL'
  | 'TWILIO_ACCOUNT_SID'
  | 'TWILIO_AUTH_TOKEN'
  | 'TWILIO_FROM'

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]', '::1']
const DEFAULT_PORTS: Record<SmtpSecurity, number> = { starttls: 587, tls: 465, none: 25 }

/**
 * Reads EMAIL_SENDER, SMS_SENDER and what the chosen senders need, adding one line to `problems`
 * per variable that is wrong. Each medium defaults to the webhook when MESSAGE_WEBHOOK_URL is set
 * (as before these senders existed), else to none. Problems never quote a secret.
 */
export function readDeliverySettings(
  text: (name: DeliveryVariable) => string | undefined,
  hasWebhook: boolean,
  hasSendEmailBinding: boolean,
  problems: string[],
): DeliverySettings {
  const settings: DeliverySettings = {}
  const required = (name: DeliveryVariable, why: string): string => {
    const value = text(name)
    if (value === undefined) problems.push(`${name} is not set (${why} needs it)`)
    return value ?? ''
  }
  const apiUrl = (name: DeliveryVariable, fallback: string): string => {
    const value = text(name) ?? fallback
    if (!isSafeUrl(value))
      problems.push(
        `${name} must be an https URL (http only on loopback) (it is "${value.slice(0, 80)}")`,
      )
    return value
  }
  const email = text('EMAIL_SENDER') ?? (hasWebhook ? 'webhook' : undefined)
  const from = (): Mailbox => {
    const value = required('EMAIL_FROM', `EMAIL_SENDER=${email}`)
    const mailbox = parseMailbox(value)
    if (value !== '' && !mailbox)
      problems.push(
        'EMAIL_FROM must be one address, as addr@example.com or Name <addr@example.com>',
      )
    return mailbox ?? { address: '' }
  }
  switch (email) {
    case undefined:
      break
    case 'webhook':
      if (!hasWebhook) problems.push('EMAIL_SENDER=webhook needs MESSAGE_WEBHOOK_URL')
      settings.email = { kind: 'webhook' }
      break
    case 'smtp':
      settings.email = readSmtp(text, from(), required, problems)
      break
    case 'send_email':
      if (!hasSendEmailBinding)
        problems.push('EMAIL_SENDER=send_email needs a [[send_email]] binding named SEND_EMAIL')
      settings.email = { kind: 'send_email', from: from() }
      break
    case 'http':
      settings.email = {
        kind: 'http',
        from: from(),
        baseUrl: apiUrl('MAIL_API_URL', 'https://api.resend.com'),
        apiKey: required('MAIL_API_KEY', 'EMAIL_SENDER=http'),
      }
      break
    default:
      problems.push('EMAIL_SENDER must be webhook, smtp, send_email or http')
  }
  const sms = text('SMS_SENDER') ?? (hasWebhook ? 'webhook' : undefined)
  switch (sms) {
    case undefined:
      break
    case 'webhook':
      if (!hasWebhook) problems.push('SMS_SENDER=webhook needs MESSAGE_WEBHOOK_URL')
      settings.sms = { kind: 'webhook' }
      break
    case 'twilio': {
      const accountSid = required('TWILIO_ACCOUNT_SID', 'SMS_SENDER=twilio')
      const smsFrom = required('TWILIO_FROM', 'SMS_SENDER=twilio')
      if (smsFrom !== '' && !/^(\+[1-9]\d{6,14}|MG[0-9a-f]{32})$/.test(smsFrom))
        problems.push(
          'TWILIO_FROM must be an E.164 number (+15551234567) or a Messaging Service SID (MG…)',
        )
      settings.sms = {
        kind: 'twilio',
        baseUrl: apiUrl('TWILIO_API_URL', 'https://api.twilio.com'),
        accountSid,
        authToken: required('TWILIO_AUTH_TOKEN', 'SMS_SENDER=twilio'),
        from: smsFrom,
      }
      break
    }
    default:
      problems.push('SMS_SENDER must be webhook or twilio')
  }
  return settings
}

function readSmtp(
  text: (name: DeliveryVariable) => string | undefined,
  from: Mailbox,
  required: (name: DeliveryVariable, why: string) => string,
  problems: string[],
): DeliverySettings['email'] {
  const host = required('SMTP_HOST', 'EMAIL_SENDER=smtp')
  if (host !== '' && !/^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:.]+\])$/.test(host))
    problems.push('SMTP_HOST must be a host name or address')
  const security = (text('SMTP_SECURITY') ?? 'starttls') as SmtpSecurity
  if (!(security in DEFAULT_PORTS)) problems.push('SMTP_SECURITY must be starttls, tls or none')
  const portText = text('SMTP_PORT')
  const port = portText === undefined ? (DEFAULT_PORTS[security] ?? 587) : Number(portText)
  if (
    !Number.isInteger(port) ||
    port < 1 ||
    port > 65535 ||
    (portText !== undefined && !/^\d+$/.test(portText))
  )
    problems.push('SMTP_PORT must be a port number from 1 to 65535')
  const timeoutText = text('SMTP_TIMEOUT_SECONDS')
  const timeout = timeoutText === undefined ? 10 : Number(timeoutText)
  if (!/^\d+$/.test(timeoutText ?? '10') || timeout < 1 || timeout > 60)
    problems.push('SMTP_TIMEOUT_SECONDS must be a whole number from 1 to 60')
  const username = text('SMTP_USERNAME')
  const password = text('SMTP_PASSWORD')
  if ((username === undefined) !== (password === undefined))
    problems.push('SMTP_USERNAME and SMTP_PASSWORD are set together or not at all')
  // A password over a connection with no TLS is readable on every hop but the machine's own.
  if (password !== undefined && security === 'none' && !LOOPBACK.includes(host))
    problems.push(
      'SMTP_SECURITY=none sends SMTP_PASSWORD in the clear: use starttls or tls (none with a password only on loopback)',
    )
  return {
    kind: 'smtp',
    from,
    host,
    port,
    security,
    ...(username !== undefined && password !== undefined
      ? { credentials: { username, password } }
      : {}),
    timeoutMs: timeout * 1000,
  }
}

/** https, or http to a loopback host (a local server in tests). */
function isSafeUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (
      url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname))
    )
  } catch {
    return false
  }
}
