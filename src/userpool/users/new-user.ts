import { InvalidParameterException } from '../../errors/cognito'
import type { UserPoolConfig, UserRecord, UserStatus } from '../model'

/** What Cognito takes for an email address and for a phone number (E.164) in a username. */
export const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+$/
export const PHONE_FORMAT = /^\+[1-9]\d{4,14}$/

/**
 * In a pool with AliasAttributes a username may not look like an alias it allows, or one user's
 * name could be another user's email (SignUp and AdminCreateUser both refuse it, as Cognito does).
 */
export function checkUsernameFormat(pool: UserPoolConfig, username: string): void {
  const aliases = pool.AliasAttributes ?? []
  if (aliases.includes('email') && EMAIL_FORMAT.test(username))
    throw new InvalidParameterException(
      'Username cannot be of email format, since user pool is configured for email alias.',
    )
  if (aliases.includes('phone_number') && PHONE_FORMAT.test(username))
    throw new InvalidParameterException(
      'Username cannot be of phone number format, since user pool is configured for phone number alias.',
    )
}

/**
 * The stored username and attributes of a new user. In a pool with UsernameAttributes the name
 * given must be an email or phone number; it becomes that attribute and the username is the sub,
 * as Cognito does.
 */
export function resolveNewUsername(
  pool: UserPoolConfig,
  requested: string,
  attributes: Record<string, string>,
  sub: string,
): { username: string; attributes: Record<string, string> } {
  const usernameAttributes = pool.UsernameAttributes ?? []
  if (usernameAttributes.length === 0) return { username: requested, attributes }
  const isEmail = EMAIL_FORMAT.test(requested)
  const isPhone = PHONE_FORMAT.test(requested)
  if (isEmail && usernameAttributes.includes('email'))
    return { username: sub, attributes: { ...attributes, email: attributes.email ?? requested } }
  if (isPhone && usernameAttributes.includes('phone_number'))
    return {
      username: sub,
      attributes: { ...attributes, phone_number: attributes.phone_number ?? requested },
    }
  const allowed = usernameAttributes
    .map((a) => (a === 'email' ? 'an email' : 'a phone number'))
    .join(' or ')
  throw new InvalidParameterException(`Username should be ${allowed}.`)
}

export function newUserRecord(fields: {
  username: string
  sub: string
  attributes: Record<string, string>
  status: UserStatus
  passwordHash?: string
  srpVerifier?: string
  temporaryPasswordExpiresAt?: number
  now: number
}): UserRecord {
  return {
    username: fields.username,
    sub: fields.sub,
    status: fields.status,
    enabled: true,
    attributes: fields.attributes,
    ...(fields.passwordHash ? { passwordHash: fields.passwordHash } : {}),
    ...(fields.srpVerifier ? { srpVerifier: fields.srpVerifier } : {}),
    ...(fields.temporaryPasswordExpiresAt
      ? { temporaryPasswordExpiresAt: fields.temporaryPasswordExpiresAt }
      : {}),
    groups: [],
    codes: [],
    createdAt: fields.now,
    updatedAt: fields.now,
  }
}
