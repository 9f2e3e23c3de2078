import { InvalidParameterException } from '../../errors/cognito'
import type { UserRecord } from '../model'

/** A parsed ListUsers filter: `attribute = "value"` or `attribute ^= "prefix"`. */
export interface UserFilter {
  attribute: string
  operator: '=' | '^='
  value: string
}

const SEARCHABLE = new Set(['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub'])

/** Parses Cognito's filter syntax; an empty filter means no filter. Quotes inside use `\"`. */
export function parseUserFilter(text: string | undefined): UserFilter | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(text)
  if (!match) throw new InvalidParameterException('Error while parsing filter.')
  const attribute = match[1]!
  if (!SEARCHABLE.has(attribute)) throw new InvalidParameterException(`Invalid search attribute: ${attribute}`)
  return { attribute, operator: match[2] as '=' | '^=', value: match[3]!.replace(/\\(.)/g, '$1') }
}

function valueOf(user: UserRecord, attribute: string): string | undefined {
  switch (attribute) {
    case 'username':
      return user.username
    case 'sub':
      return user.sub
    case 'cognito:user_status':
      return user.status
    case 'status':
      return user.enabled ? 'Enabled' : 'Disabled'
    default:
      return user.attributes[attribute]
  }
}

/** Cognito matches filters case-insensitively. */
export function matchesFilter(user: UserRecord, filter: UserFilter | undefined): boolean {
  if (!filter) return true
  const value = valueOf(user, filter.attribute)
  if (value === undefined) return false
  const have = value.toLowerCase()
  const want = filter.value.toLowerCase()
  return filter.operator === '=' ? have === want : have.startsWith(want)
}
