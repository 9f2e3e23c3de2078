import { deliver, maskDestination, poolEmailSender } from './deliver'
import { signInAliases } from '../store/directory'
import type { UserPoolConfig, UserRecord } from '../model'
import { EMAIL_FORMAT, PHONE_FORMAT } from '../users/new-user'
import type { UserPoolServices } from '../services'
import { type MessageContext, sendThroughCustomSender } from '../triggers/custom-sender'
import { type CustomText, customMessage } from '../triggers/custom-message'
import { configuredTrigger } from '../triggers/lambda-config'

/** Cognito's CodeDeliveryDetailsType. */
export interface CodeDeliveryDetails {
  Destination: string
  DeliveryMedium: 'EMAIL' | 'SMS'
  AttributeName: 'email' | 'phone_number'
}

/** Where a code goes: email first when the pool verifies it, else phone. */
export function codeChannel(
  pool: UserPoolConfig,
  user: UserRecord,
  onlyVerified: boolean,
): (CodeDeliveryDetails & { address: string }) | undefined {
  const candidates: Array<{ attribute: 'email' | 'phone_number'; medium: 'EMAIL' | 'SMS' }> = [
    { attribute: 'email', medium: 'EMAIL' },
    { attribute: 'phone_number', medium: 'SMS' },
  ]
  const order = onlyVerified
    ? candidates
    : candidates.filter((c) => (pool.AutoVerifiedAttributes ?? []).includes(c.attribute))
  for (const { attribute, medium } of order) {
    const address = user.attributes[attribute]
    if (!address) continue
    if (onlyVerified && user.attributes[`${attribute}_verified`] !== 'true') continue
    return {
      address,
      Destination: maskDestination(medium, address),
      DeliveryMedium: medium,
      AttributeName: attribute,
    }
  }
  return undefined
}

const DEFAULT_TEXT = {
  SIGN_UP: { subject: 'Your verification code', body: 'Your verification code is {####}.' },
  RESEND_CODE: { subject: 'Your verification code', body: 'Your verification code is {####}.' },
  FORGOT_PASSWORD: {
    subject: 'Your password reset code',
    body: 'Your password reset code is {####}.',
  },
  VERIFY_ATTRIBUTE: {
    subject: 'Your verification code',
    body: 'Your verification code is {####}.',
  },
  AUTHENTICATION: {
    subject: 'Your authentication code',
    body: 'Your authentication code is {####}.',
  },
} as const

/**
 * The pool's own text for a code: the verification template for sign-up and attribute codes, the
 * MFA templates (SmsAuthenticationMessage, EmailMfaConfiguration) for sign-in codes, else the default.
 */
function poolText(
  pool: UserPoolConfig,
  purpose: keyof typeof DEFAULT_TEXT,
  medium: 'EMAIL' | 'SMS',
): { body: string; subject: string } {
  const defaults = DEFAULT_TEXT[purpose]
  if (purpose === 'AUTHENTICATION') {
    const sms = pool.Extra.SmsAuthenticationMessage
    return medium === 'EMAIL'
      ? {
          body: pool.emailMfa?.Message || defaults.body,
          subject: pool.emailMfa?.Subject || defaults.subject,
        }
      : { body: (typeof sms === 'string' && sms) || defaults.body, subject: defaults.subject }
  }
  if (purpose === 'FORGOT_PASSWORD') return defaults
  const template = pool.VerificationMessageTemplate
  return {
    body: (medium === 'EMAIL' ? template.EmailMessage : template.SmsMessage) || defaults.body,
    subject: template.EmailSubject || defaults.subject,
  }
}

/** A CustomMessage answer asked for before the code was issued (`text` undefined: none to use). */
export interface PreparedText {
  text: CustomText | undefined
}

/**
 * Asks the pool's CustomMessage function for a message's text before anything is written, so a
 * failing function leaves no new code behind. Skipped where a custom sender takes the medium.
 */
export async function prepareCustomText(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  message: { purpose: keyof typeof DEFAULT_TEXT; medium: 'EMAIL' | 'SMS' },
  context: MessageContext = {},
): Promise<PreparedText> {
  const sender = message.medium === 'EMAIL' ? 'CustomEmailSender' : 'CustomSMSSender'
  if (configuredTrigger(pool, sender)) return { text: undefined }
  return { text: await customMessage(services, pool, user, message, context) }
}

/**
 * Renders and sends a code with the pool's verification template ({####} is the code), or hands
 * it to the pool's custom sender for the channel's medium when it has one (`context` fills its
 * event). A CustomMessage function's text, when it wrote one, replaces the template.
 */
export async function sendCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  channel: CodeDeliveryDetails & { address: string },
  purpose: keyof typeof DEFAULT_TEXT,
  code: string,
  context: MessageContext & { prepared?: PreparedText } = {},
): Promise<void> {
  const message = { purpose, medium: channel.DeliveryMedium, code }
  if (sendThroughCustomSender(services, pool, user, message, context)) return
  // The CustomMessage function's text, when it wrote one, in place of the pool's template.
  const custom = context.prepared
    ? context.prepared.text
    : await customMessage(services, pool, user, message, context)
  const text = poolText(pool, purpose, channel.DeliveryMedium)
  await deliver(services, {
    poolId: pool.Id,
    username: user.username,
    purpose,
    medium: channel.DeliveryMedium,
    destination: channel.address,
    ...(channel.DeliveryMedium === 'EMAIL'
      ? { subject: custom?.subject ?? text.subject, ...poolEmailSender(pool) }
      : {}),
    // One pass with a function, so a `$&` or a placeholder inside a username is inserted literally.
    body: (custom?.body ?? text.body).replace(/\{####\}|\{username\}/g, (placeholder) =>
      placeholder === '{####}' ? code : user.username,
    ),
    code,
  })
}

/**
 * The CodeDeliveryDetails of a code that is not sent, for an unknown name (or a user who cannot be
 * sent one) while PreventUserExistenceErrors hides that: shaped exactly like a real answer. A name
 * that is an email address or phone number the pool signs in with is masked from the name itself,
 * as its owner's would be; any other name gets the pool's usual medium with the masked letters or
 * digits taken from a keyed fingerprint of the name, stable and unpredictable to a caller.
 */
export async function decoyDelivery(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
): Promise<CodeDeliveryDetails> {
  const [first = 0, second = 0] = await services.sealer.fingerprint(
    'decoy-destination',
    `${pool.Id}|${name.toLowerCase()}`,
  )
  if (decoyMedium(pool, name) === 'SMS') {
    const digits = String(((first << 8) | second) % 10_000).padStart(4, '0')
    return {
      Destination: PHONE_FORMAT.test(name) ? maskDestination('SMS', name) : `+*******${digits}`,
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    }
  }
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  return {
    Destination: EMAIL_FORMAT.test(name)
      ? maskDestination('EMAIL', name.toLowerCase())
      : `${letters[first % 26]}***@${letters[second % 26]}***`,
    DeliveryMedium: 'EMAIL',
    AttributeName: 'email',
  }
}

/**
 * The medium a real answer for `name` would use: the name's own where the pool signs in with that
 * kind of address, else email unless the pool verifies only phone numbers.
 */
function decoyMedium(pool: UserPoolConfig, name: string): CodeDeliveryDetails['DeliveryMedium'] {
  const aliases = signInAliases(pool)
  if (PHONE_FORMAT.test(name) && aliases.includes('phone_number')) return 'SMS'
  if (EMAIL_FORMAT.test(name) && aliases.includes('email')) return 'EMAIL'
  const verified = pool.AutoVerifiedAttributes ?? ['email']
  return !verified.includes('email') && verified.includes('phone_number') ? 'SMS' : 'EMAIL'
}
