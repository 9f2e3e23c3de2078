import type { MessageContext } from '../triggers/custom-sender'
import { InvalidParameterException } from '../../errors/cognito'
import { issueCode } from '../delivery/codes'
import { maskDestination } from '../delivery/deliver'
import { saveChange, withFreshUser } from '../store/users'
import {
  prepareCustomText,
  sendCode,
  type CodeDeliveryDetails,
  type PreparedText,
} from '../delivery/messages'
import { requireUser } from '../store/directory'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'

/** The attributes Cognito verifies, and the medium a code for each goes by. */
export const VERIFIABLE = [
  { name: 'email', medium: 'EMAIL', missing: 'Email is required to verify/un-verify an email' },
  {
    name: 'phone_number',
    medium: 'SMS',
    missing: 'Phone Number is required to verify/un-verify a phone number',
  },
] as const

export type VerifiableAttribute = (typeof VERIFIABLE)[number]

/** The verifiable attribute called `name`, or undefined for any other attribute. */
export const verifiableAttribute = (name: string): VerifiableAttribute | undefined =>
  VERIFIABLE.find((v) => v.name === name)

/** A `*_verified` flag set by a request needs the attribute it speaks about. */
export function checkVerifiedFlags(
  attributes: Record<string, string>,
  touched: Record<string, string> = attributes,
): void {
  for (const { name, missing } of VERIFIABLE) {
    if (`${name}_verified` in touched && !attributes[name])
      throw new InvalidParameterException(missing)
  }
}

/** Required attributes cannot be blanked by an update. */
export function refuseBlankRequired(pool: UserPoolConfig, changes: Record<string, string>): void {
  for (const [name, value] of Object.entries(changes)) {
    if (value === '' && pool.SchemaAttributes.some((a) => a.Name === name && a.Required)) {
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${name}: The attribute ${name} is required`,
      )
    }
  }
}

/**
 * The pool's UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate: attributes whose
 * new value waits, unapplied, until the user verifies it (the old value keeps working meanwhile).
 */
export function verifiedBeforeUpdate(pool: UserPoolConfig): string[] {
  const settings = pool.Extra.UserAttributeUpdateSettings as
    | { AttributesRequireVerificationBeforeUpdate?: unknown }
    | undefined
  const names = settings?.AttributesRequireVerificationBeforeUpdate
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : []
}

/**
 * Applies attribute changes to a user record: a blank value deletes the attribute; changing email or
 * phone resets its `_verified` flag unless the same request sets the flag, as Cognito does.
 */
export function applyAttributeChanges(
  user: UserRecord,
  changes: Record<string, string>,
): UserRecord {
  const attributes = { ...user.attributes, ...changes }
  for (const { name } of VERIFIABLE) {
    const changed = name in changes && changes[name] !== user.attributes[name]
    if (changed && !(`${name}_verified` in changes)) attributes[`${name}_verified`] = 'false'
    if (changes[name] === '') delete attributes[`${name}_verified`]
  }
  for (const [name, value] of Object.entries(changes)) if (value === '') delete attributes[name]
  checkVerifiedFlags(attributes, changes)
  return { ...user, attributes }
}

interface CodeToSend {
  attribute: VerifiableAttribute
  address: string
  code: string
}

/**
 * The verifiable attributes a change sends a code for: a new email or phone that the pool verifies
 * automatically and that the request did not mark verified; and the changes to apply now (with the
 * pool's verification before update, a new value waits on its code while there is an old one to keep).
 */
function plannedCodes(
  pool: UserPoolConfig,
  user: UserRecord,
  changes: Record<string, string>,
): { attributes: VerifiableAttribute[]; applied: Record<string, string> } {
  const autoVerified: readonly string[] = pool.AutoVerifiedAttributes ?? []
  const waitForVerification = verifiedBeforeUpdate(pool)
  const attributes: VerifiableAttribute[] = []
  const applied = { ...changes }
  for (const attribute of VERIFIABLE) {
    const value = changes[attribute.name]
    if (
      !value ||
      value === user.attributes[attribute.name] ||
      changes[`${attribute.name}_verified`] === 'true' ||
      !autoVerified.includes(attribute.name)
    )
      continue
    attributes.push(attribute)
    // With nothing to keep, a new value applies at once (unverified) even when it would wait.
    if (waitForVerification.includes(attribute.name) && user.attributes[attribute.name])
      delete applied[attribute.name]
  }
  return { attributes, applied }
}

/**
 * Stores attribute changes for AdminUpdateUserAttributes and UpdateUserAttributes. A new email or
 * phone that the pool verifies automatically (and that the request did not mark verified) gets a
 * verification code; if the pool asks for verification before update, the new value waits on that
 * code and the old one stays. The CustomMessage function writes each code's text before anything is
 * stored: its failure is the caller's error and neither the change nor a code is kept. Returns where
 * codes went; a code that failed to leave is left out (the change is stored either way, and
 * GetUserAttributeVerificationCode asks again).
 */
export async function changeUserAttributes(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  changes: Record<string, string>,
  context: MessageContext = {},
): Promise<CodeDeliveryDetails[]> {
  const messageContext = { ...context, attributeUpdate: true }
  const before = await requireUser(services, pool, username)
  const plan = plannedCodes(pool, before.user, changes)
  // The user as the function sees them: the change applied, no code yet.
  const changed = applyAttributeChanges(before.user, plan.applied)
  const prepared = new Map<string, PreparedText>()
  for (const attribute of plan.attributes)
    prepared.set(
      attribute.name,
      await prepareCustomText(
        services,
        pool,
        changed,
        { purpose: 'VERIFY_ATTRIBUTE', medium: attribute.medium },
        messageContext,
      ),
    )
  const saved = await withFreshUser(services, pool, username, async (found) => {
    const codes: CodeToSend[] = []
    const { attributes, applied } = plannedCodes(pool, found.user, changes)
    let user = found.user
    for (const attribute of attributes) {
      const value = changes[attribute.name]!
      const issued = await issueCode(
        user,
        'VERIFY_ATTRIBUTE',
        services.now(),
        attribute.name,
        value,
      )
      user = issued.user
      codes.push({ attribute, address: value, code: issued.code })
    }
    const issuedCodes = user.codes
    const stored = await saveChange(services, pool, found, (current) => ({
      ...applyAttributeChanges(current, applied),
      codes: mergeCodes(current, issuedCodes, codes),
    }))
    return { user: stored.user, codes }
  })
  const delivered: CodeDeliveryDetails[] = []
  for (const { attribute, address, code } of saved.codes) {
    const channel = {
      address,
      Destination: maskDestination(attribute.medium, address),
      DeliveryMedium: attribute.medium,
      AttributeName: attribute.name,
    }
    const text = prepared.get(attribute.name)
    const sent = await sendCode(services, pool, saved.user, channel, 'VERIFY_ATTRIBUTE', code, {
      ...messageContext,
      // A code another write made necessary since the function was asked goes with the pool's text.
      prepared: text ?? { text: undefined },
    }).then(
      () => true,
      () => false,
    )
    if (sent)
      delivered.push({
        Destination: channel.Destination,
        DeliveryMedium: channel.DeliveryMedium,
        AttributeName: channel.AttributeName,
      })
  }
  return delivered
}

/** The current record's codes with the freshly issued attribute codes put in their slots. */
function mergeCodes(
  current: UserRecord,
  issued: UserRecord['codes'],
  sent: CodeToSend[],
): UserRecord['codes'] {
  const fresh = issued.filter(
    (c) => c.purpose === 'VERIFY_ATTRIBUTE' && sent.some((s) => s.attribute.name === c.attribute),
  )
  const kept = current.codes.filter(
    (c) =>
      !(c.purpose === 'VERIFY_ATTRIBUTE' && sent.some((s) => s.attribute.name === c.attribute)),
  )
  return [...kept, ...fresh]
}
