import { InvalidParameterException } from '../../errors/cognito'
import { validateAttributes, type AttributeInput } from '../attributes'
import { issueCode } from '../codes'
import { maskDestination } from '../deliver'
import { updateUser } from '../directory'
import { sendCode } from '../messages'
import type { PendingCode, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { withFreshUser } from './retry'

const VERIFIABLE = [
  { name: 'email', medium: 'EMAIL', missing: 'Email is required to verify/un-verify an email' },
  { name: 'phone_number', medium: 'SMS', missing: 'Phone Number is required to verify/un-verify a phone number' },
] as const

/** A `*_verified` flag set by a request needs the attribute it speaks about. */
export function checkVerifiedFlags(attributes: Record<string, string>, touched: Record<string, string> = attributes): void {
  for (const { name, missing } of VERIFIABLE) {
    if (`${name}_verified` in touched && !attributes[name]) throw new InvalidParameterException(missing)
  }
}

/**
 * Applies attribute changes to a user record: a blank value deletes the attribute; changing email or
 * phone resets its `_verified` flag unless the same request sets the flag, as Cognito does.
 */
function applyAttributeChanges(user: UserRecord, changes: Record<string, string>): UserRecord {
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

/**
 * The attribute a verification code goes to after this change: a new email or phone that the pool
 * verifies automatically and that the request did not mark verified itself (email first).
 */
function needsVerification(pool: UserPoolConfig, user: UserRecord, changes: Record<string, string>): (typeof VERIFIABLE)[number] | undefined {
  const autoVerified = pool.AutoVerifiedAttributes ?? []
  return VERIFIABLE.find(({ name }) => changes[name] && changes[name] !== user.attributes[name] && autoVerified.includes(name) && changes[`${name}_verified`] !== 'true')
}

/**
 * AdminUpdateUserAttributes. Required attributes cannot be blanked. A changed email or phone that
 * the pool verifies gets a verification code, as in Cognito.
 */
export async function adminUpdateUserAttributes(services: UserPoolServices, pool: UserPoolConfig, username: string, attributes: AttributeInput[]): Promise<void> {
  const changes = validateAttributes(pool, attributes, { writer: 'admin', creating: false })
  for (const [name, value] of Object.entries(changes)) {
    if (value === '' && pool.SchemaAttributes.some((a) => a.Name === name && a.Required)) {
      throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: The attribute ${name} is required`)
    }
  }
  const saved = await withFreshUser(services, pool, username, async (found) => {
    const verify = needsVerification(pool, found.user, changes)
    const issued = verify ? await issueCode(found.user, 'VERIFY_ATTRIBUTE', services.now(), verify.name) : undefined
    const pending = issued?.user.codes.find((c) => c.purpose === 'VERIFY_ATTRIBUTE')
    const stored = await updateUser(services, pool, found, (user) => withCode(applyAttributeChanges(user, changes), pending))
    return { user: stored.user, verify, code: issued?.code }
  })
  const { verify, code } = saved
  if (verify && code) {
    const address = saved.user.attributes[verify.name]!
    const channel = { address, Destination: maskDestination(verify.medium, address), DeliveryMedium: verify.medium, AttributeName: verify.name }
    // The change is stored either way; a code that failed to leave can be asked for again.
    await sendCode(services, pool, saved.user, channel, 'VERIFY_ATTRIBUTE', code).catch(() => undefined)
  }
}

function withCode(user: UserRecord, pending: PendingCode | undefined): UserRecord {
  return pending ? { ...user, codes: [...user.codes.filter((c) => c.purpose !== pending.purpose), pending] } : user
}
