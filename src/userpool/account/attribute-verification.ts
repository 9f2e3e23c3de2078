import type { MessageContext } from '../triggers/custom-sender'
import {
  CodeDeliveryFailureException,
  CodeMismatchException,
  InvalidParameterException,
} from '../../errors/cognito'
import {
  verifiableAttribute,
  verifiedBeforeUpdate,
  type VerifiableAttribute,
} from '../attributes/attribute-changes'
import { checkCode, issueCode } from '../delivery/codes'
import { maskDestination } from '../delivery/deliver'
import { saveUser, withFreshUser } from '../store/users'
import { prepareCustomText, sendCode, type CodeDeliveryDetails } from '../delivery/messages'
import type { PendingCode, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { limitCodeMessages } from '../auth/sign-in-guard'
import type { VerifiedAccessToken } from '../tokens/verify-access-token'

function requireVerifiable(name: string): VerifiableAttribute {
  const attribute = verifiableAttribute(name)
  if (!attribute)
    throw new InvalidParameterException(
      `Invalid attribute name: ${name} cannot be verified; only email and phone_number can.`,
    )
  return attribute
}

/**
 * The value an update is waiting to apply until it is verified (the pool's
 * AttributesRequireVerificationBeforeUpdate), if there is one for this attribute.
 */
function waitingValue(
  pool: UserPoolConfig,
  user: UserRecord,
  attribute: VerifiableAttribute,
): string | undefined {
  if (!verifiedBeforeUpdate(pool).includes(attribute.name)) return undefined
  const pending = user.codes.find(
    (c) => c.purpose === 'VERIFY_ATTRIBUTE' && c.attribute === attribute.name,
  )
  return pending?.sentTo !== undefined && pending.sentTo !== user.attributes[attribute.name]
    ? pending.sentTo
    : undefined
}

/**
 * GetUserAttributeVerificationCode: a fresh code for the user's email or phone number (or for the
 * new value an update is waiting on), replacing any earlier code for that attribute.
 */
export async function sendAttributeVerificationCode(
  services: UserPoolServices,
  { pool, client, loaded }: VerifiedAccessToken,
  attributeName: string,
  context: MessageContext = {},
): Promise<CodeDeliveryDetails> {
  const attribute = requireVerifiable(attributeName)
  await limitCodeMessages(services, pool, loaded.user.username)
  const messageContext = { ...context, caller: { ...context.caller, clientId: client.ClientId } }
  if (!waitingValue(pool, loaded.user, attribute) && !loaded.user.attributes[attribute.name])
    throw new InvalidParameterException(`The user has no ${attribute.name} to verify.`)
  // The function writes its text before the new code replaces any earlier one: its failure is the
  // caller's error (as Cognito answers it), and the code the user already has keeps working.
  const prepared = await prepareCustomText(
    services,
    pool,
    loaded.user,
    { purpose: 'VERIFY_ATTRIBUTE', medium: attribute.medium },
    messageContext,
  )
  const { user, address, code } = await withFreshUser(
    services,
    pool,
    loaded.user.username,
    async (found) => {
      const target =
        waitingValue(pool, found.user, attribute) ?? found.user.attributes[attribute.name]
      if (!target)
        throw new InvalidParameterException(`The user has no ${attribute.name} to verify.`)
      const issued = await issueCode(
        found.user,
        'VERIFY_ATTRIBUTE',
        services.now(),
        attribute.name,
        target,
      )
      const saved = await saveUser(services, pool, found, {
        ...issued.user,
        updatedAt: services.now(),
      })
      return { user: saved.user, address: target, code: issued.code }
    },
  )
  const channel = {
    address,
    Destination: maskDestination(attribute.medium, address),
    DeliveryMedium: attribute.medium,
    AttributeName: attribute.name,
  }
  try {
    await sendCode(services, pool, user, channel, 'VERIFY_ATTRIBUTE', code, {
      ...messageContext,
      prepared,
    })
  } catch {
    throw new CodeDeliveryFailureException('Unable to deliver the verification code.')
  }
  return {
    Destination: channel.Destination,
    DeliveryMedium: channel.DeliveryMedium,
    AttributeName: channel.AttributeName,
  }
}

/**
 * VerifyUserAttribute: the right code marks the email or phone number verified, which may make it
 * the user's sign-in alias (AliasExistsException when another user holds it verified). A code only
 * verifies the value it was sent to; a waiting update is applied by its code. Every guess is
 * counted before it is compared (a wrong one writes nothing), and a code's guesses run out.
 */
export async function verifyUserAttribute(
  services: UserPoolServices,
  { pool, loaded }: VerifiedAccessToken,
  attributeName: string,
  code: string,
): Promise<void> {
  const attribute = requireVerifiable(attributeName)
  await withFreshUser(services, pool, loaded.user.username, async (found) => {
    const check = await checkCode(services, pool, found.user, 'VERIFY_ATTRIBUTE', code, {
      attribute: attribute.name,
    })
    if (!check.ok) throw check.error
    const value = verifiedValue(pool, found.user, attribute, check.pending)
    if (value === undefined) {
      // The attribute changed since the code was sent: the code no longer speaks for it.
      await saveUser(services, pool, found, { ...check.user, updatedAt: services.now() })
      throw new CodeMismatchException('Invalid verification code provided, please try again.')
    }
    const attributes = {
      ...check.user.attributes,
      [attribute.name]: value,
      [`${attribute.name}_verified`]: 'true',
    }
    await saveUser(services, pool, found, { ...check.user, attributes, updatedAt: services.now() })
  })
}

/** The value a matching code verifies, or undefined if it was sent to a value no longer in play. */
function verifiedValue(
  pool: UserPoolConfig,
  user: UserRecord,
  attribute: VerifiableAttribute,
  pending: PendingCode,
): string | undefined {
  const current = user.attributes[attribute.name]
  if (pending.sentTo === undefined || pending.sentTo === current) return current
  return verifiedBeforeUpdate(pool).includes(attribute.name) ? pending.sentTo : undefined
}
