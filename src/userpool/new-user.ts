import { InvalidParameterException } from '../errors/cognito'
import type { UserPoolConfig, UserRecord, UserStatus } from './model'

/**
 * The stored username and attributes of a new user. In a pool with UsernameAttributes the name
 * given must be an email or phone number; it becomes that attribute and the username is the sub,
 * as Cognito does.
 */
export function resolveNewUsername(pool: UserPoolConfig, requested: string, attributes: Record<string, string>, sub: string): { username: string; attributes: Record<string, string> } {
  const usernameAttributes = pool.UsernameAttributes ?? []
  if (usernameAttributes.length === 0) return { username: requested, attributes }
  const isEmail = /^[^\s@]+@[^\s@]+$/.test(requested)
  const isPhone = /^\+[1-9]\d{4,14}$/.test(requested)
  if (isEmail && usernameAttributes.includes('email')) return { username: sub, attributes: { ...attributes, email: attributes.email ?? requested } }
  if (isPhone && usernameAttributes.includes('phone_number')) return { username: sub, attributes: { ...attributes, phone_number: attributes.phone_number ?? requested } }
  const allowed = usernameAttributes.map((a) => (a === 'email' ? 'an email' : 'a phone number')).join(' or ')
  throw new InvalidParameterException(`Username should be ${allowed}.`)
}

export function newUserRecord(fields: {
  username: string
  sub: string
  attributes: Record<string, string>
  status: UserStatus
  passwordHash?: string
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
    ...(fields.temporaryPasswordExpiresAt ? { temporaryPasswordExpiresAt: fields.temporaryPasswordExpiresAt } : {}),
    groups: [],
    failedSignIns: 0,
    codes: [],
    createdAt: fields.now,
    updatedAt: fields.now,
  }
}
