import { InvalidParameterException } from '../../errors/cognito'
import { nameAsComparedBy } from '../store/directory'
import type { UserPoolConfig, UserRecord } from '../model'

/** A parsed ListUsers filter: `attribute = "value"` (exact) or `attribute ^= "prefix"`. */
export interface UserFilter {
  attribute: string
  operator: '=' | '^='
  value: string
}

/** The attributes Cognito can search on; custom attributes are not indexed, so not searchable. */
const SEARCHABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
])

const GRAMMAR = /^\s*([\w:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/su

/**
 * Parses Cognito's filter syntax. Inside the quoted value a backslash escapes the next character
 * (`\"` for a quote, `\\` for a backslash). An empty or blank filter means no filter.
 */
export function parseUserFilter(text: string | undefined): UserFilter | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const match = GRAMMAR.exec(text)
  if (!match) throw new InvalidParameterException('Error while parsing filter.')
  const attribute = match[1]!
  if (!SEARCHABLE.has(attribute))
    throw new InvalidParameterException(`Invalid search attribute: ${attribute.slice(0, 64)}`)
  return {
    attribute,
    operator: match[2] as UserFilter['operator'],
    value: match[3]!.replace(/\\(.)/gsu, '$1'),
  }
}

/**
 * The value a filter compares, folded the way Cognito compares it: username as the user answers to
 * names (case-sensitive unless the pool says otherwise, and always for a federated user), the user
 * status without case, the Enabled/Disabled status exactly, email without case (as the pool treats
 * email everywhere), and the other attributes exactly.
 */
function comparable(
  pool: UserPoolConfig,
  user: UserRecord,
  attribute: string,
  value: string,
): string {
  if (attribute === 'username') return nameAsComparedBy(pool, user, value)
  if (attribute === 'cognito:user_status' || attribute === 'email') return value.toLowerCase()
  return value
}

function attributeValue(user: UserRecord, attribute: string): string | undefined {
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

/** Whether a user passes the filter (always, without one). */
export function matchesFilter(
  pool: UserPoolConfig,
  user: UserRecord,
  filter: UserFilter | undefined,
): boolean {
  if (!filter) return true
  const value = attributeValue(user, filter.attribute)
  if (value === undefined) return false
  const have = comparable(pool, user, filter.attribute, value)
  const want = comparable(pool, user, filter.attribute, filter.value)
  return filter.operator === '=' ? have === want : have.startsWith(want)
}
