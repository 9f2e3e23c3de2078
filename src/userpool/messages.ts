import type { UserPoolConfig, UserRecord } from './model'
import { deliver, maskDestination } from './deliver'
import type { UserPoolServices } from './services'

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
} as const

/** Renders and sends a code with the pool's verification template ({####} is the code). */
export async function sendCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  channel: CodeDeliveryDetails & { address: string },
  purpose: keyof typeof DEFAULT_TEXT,
  code: string,
): Promise<void> {
  const template = pool.VerificationMessageTemplate
  const defaults = DEFAULT_TEXT[purpose]
  const usesTemplate =
    purpose === 'SIGN_UP' || purpose === 'RESEND_CODE' || purpose === 'VERIFY_ATTRIBUTE'
  const text =
    channel.DeliveryMedium === 'EMAIL'
      ? (usesTemplate && template.EmailMessage) || defaults.body
      : (usesTemplate && template.SmsMessage) || defaults.body
  await deliver(services, {
    poolId: pool.Id,
    username: user.username,
    purpose,
    medium: channel.DeliveryMedium,
    destination: channel.address,
    ...(channel.DeliveryMedium === 'EMAIL'
      ? { subject: (usesTemplate && template.EmailSubject) || defaults.subject }
      : {}),
    // One pass with a function, so a `$&` or a placeholder inside a username is inserted literally.
    body: text.replace(/\{####\}|\{username\}/g, (placeholder) =>
      placeholder === '{####}' ? code : user.username,
    ),
    code,
  })
}

/** A plausible, stable delivery answer for an unknown user (PreventUserExistenceErrors). */
export function decoyDelivery(pool: UserPoolConfig, username: string): CodeDeliveryDetails {
  const phoneFirst =
    !(pool.AutoVerifiedAttributes ?? ['email']).includes('email') &&
    (pool.AutoVerifiedAttributes ?? []).includes('phone_number')
  if (phoneFirst)
    return {
      Destination: `+*******${String(Math.abs(hashCode(username)) % 10000).padStart(4, '0')}`,
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    }
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const h = Math.abs(hashCode(username))
  return {
    Destination: `${letters[h % 26]}***@${letters[(h >> 5) % 26]}***`,
    DeliveryMedium: 'EMAIL',
    AttributeName: 'email',
  }
}

function hashCode(text: string): number {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0
  return h
}
