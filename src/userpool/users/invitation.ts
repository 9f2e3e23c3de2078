import { InvalidParameterException } from '../../errors/cognito'
import { deliver, poolEmailSender } from '../delivery/deliver'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { type MessageContext, sendThroughCustomSender } from '../triggers/custom-sender'
import { customMessage } from '../triggers/custom-message'

export type DeliveryMedium = 'SMS' | 'EMAIL'

interface Target {
  medium: DeliveryMedium
  destination: string
}

const DEFAULT_TEXT = 'Your username is {username} and temporary password is {####}.'
const DEFAULT_SUBJECT = 'Your temporary password'

/**
 * Where the invitation goes. Mediums the caller names must each have their attribute (Cognito
 * refuses EMAIL without an email, SMS without a phone). With none named, Cognito's default is SMS;
 * a user with no phone gets the email instead, and a user with neither gets no message at all.
 */
export function invitationTargets(
  attributes: Record<string, string>,
  mediums: DeliveryMedium[] | undefined,
): Target[] {
  if (!mediums || mediums.length === 0) {
    if (attributes.phone_number) return [{ medium: 'SMS', destination: attributes.phone_number }]
    return attributes.email ? [{ medium: 'EMAIL', destination: attributes.email }] : []
  }
  return [...new Set(mediums)].map((medium) => {
    const destination = medium === 'EMAIL' ? attributes.email : attributes.phone_number
    if (!destination)
      throw new InvalidParameterException(
        medium === 'EMAIL'
          ? 'No email provided but desired delivery medium was Email'
          : 'No phone_number provided but desired delivery medium was Sms',
      )
    return { medium, destination }
  })
}

/** The name the user signs in with: the email or phone where those are the username attribute. */
function signInName(pool: UserPoolConfig, user: UserRecord): string {
  for (const attribute of pool.UsernameAttributes ?? []) {
    const value = user.attributes[attribute]
    if (value) return value
  }
  return user.username
}

/**
 * Sends the invitation with the CustomMessage function's text, the pool's InviteMessageTemplate
 * ({username} and {####} filled in) or Cognito's default text, or through the pool's custom sender for the medium. A template without
 * {####} is not sent, as Cognito does: the message would not carry the password it exists for.
 */
export async function sendInvitation(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  temporaryPassword: string,
  targets: Target[],
  context: MessageContext = {},
): Promise<void> {
  const template = pool.AdminCreateUserConfig.InviteMessageTemplate ?? {}
  for (const { medium, destination } of targets) {
    // A custom sender writes its own message: the pool's template does not apply to it.
    const message = {
      purpose: 'ADMIN_CREATE_USER',
      medium,
      code: temporaryPassword,
      username: signInName(pool, user),
    } as const
    if (sendThroughCustomSender(services, pool, user, message, context)) continue
    const custom = await customMessage(services, pool, user, message, context)
    const text =
      custom?.body ||
      (medium === 'EMAIL' ? template.EmailMessage : template.SMSMessage) ||
      DEFAULT_TEXT
    if (!text.includes('{####}')) continue
    await deliver(services, {
      poolId: pool.Id,
      username: user.username,
      purpose: 'ADMIN_CREATE_USER',
      medium,
      destination,
      ...(medium === 'EMAIL'
        ? {
            subject: custom?.subject || template.EmailSubject || DEFAULT_SUBJECT,
            ...poolEmailSender(pool),
          }
        : {}),
      // One pass over the template, so a username that itself reads "{####}" is not expanded again.
      body: text.replace(/\{username\}|\{####\}/g, (placeholder) =>
        placeholder === '{####}' ? temporaryPassword : message.username,
      ),
      code: temporaryPassword,
    })
  }
}
