import { InvalidLambdaResponseException } from '../../errors/cognito'
import type { GroupClaims } from '../groups/group-claims'

/**
 * What a pre token generation function asked for, read and type-checked: claims to add and to
 * suppress per token, scopes to add and to suppress, and a replacement for the group claims.
 * The empty customization changes nothing.
 */
export interface TokenCustomization {
  id: ClaimChanges
  access: ClaimChanges
  scopesToAdd: string[]
  scopesToSuppress: string[]
  /** Replaces cognito:groups, cognito:roles and cognito:preferred_role; absent keeps them. */
  groups?: GroupClaims
}

interface ClaimChanges {
  add: Record<string, unknown>
  suppress: string[]
}

export const NO_CUSTOMIZATION: TokenCustomization = {
  id: { add: {}, suppress: [] },
  access: { add: {}, suppress: [] },
  scopesToAdd: [],
  scopesToSuppress: [],
}

/**
 * Claims a function cannot add, change or suppress (the developer guide's list), with the group
 * claims (changed only through groupOverrideDetails). Cognito's value stays; the request is ignored.
 */
const RESERVED = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'cognito:username',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  'cognito:groups',
  'cognito:roles',
  'cognito:preferred_role',
])
/** The access token's own: who the client is, and the scopes (changed only through scopesToAdd / scopesToSuppress). */
const ACCESS_RESERVED = new Set([...RESERVED, 'client_id', 'scope', 'username', 'version'])

/**
 * A token's claims after the customization: reserved claims untouched, suppression winning over
 * an override of the same claim (as the guide says), and the group claims replaced when asked.
 */
export function customizeClaims(
  claims: Record<string, unknown>,
  token: 'id' | 'access',
  customization: TokenCustomization,
): Record<string, unknown> {
  const reserved = token === 'id' ? RESERVED : ACCESS_RESERVED
  const changes = customization[token]
  const result: Record<string, unknown> = { ...claims }
  if (customization.groups) {
    delete result['cognito:groups']
    delete result['cognito:roles']
    delete result['cognito:preferred_role']
    const groups =
      token === 'id'
        ? customization.groups
        : { 'cognito:groups': customization.groups['cognito:groups'] }
    for (const [name, value] of Object.entries(groups))
      if (value !== undefined) result[name] = value
  }
  for (const [name, value] of Object.entries(changes.add))
    if (!reserved.has(name)) result[name] = value
  for (const name of changes.suppress) if (!reserved.has(name)) delete result[name]
  return result
}

/** The access token's scopes after the customization: added ones appended, suppressed ones removed. */
export function customizeScopes(scopes: string[], customization: TokenCustomization): string[] {
  const result = [...scopes]
  for (const scope of customization.scopesToAdd) if (!result.includes(scope)) result.push(scope)
  return result.filter((scope) => !customization.scopesToSuppress.includes(scope))
}

const unrecognized = (path: string) =>
  new InvalidLambdaResponseException('Unrecognizable lambda output', {
    detail: `${path} has the wrong type`,
  })

/** An optional object member: absent or null is undefined. */
export function objectAt(
  parent: Record<string, unknown>,
  name: string,
  path: string,
): Record<string, unknown> | undefined {
  const value = parent[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw unrecognized(`${path}.${name}`)
  return value as Record<string, unknown>
}

/** An optional list of strings: absent or null is empty. */
export function stringsAt(parent: Record<string, unknown>, name: string, path: string): string[] {
  const value = parent[name]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw unrecognized(`${path}.${name}`)
  return value as string[]
}

/**
 * claimsToAddOrOverride: V1 takes strings, numbers and booleans; V2 and V3 also lists and
 * objects (written into the token as JSON). A null value is not a claim Cognito can write.
 */
export function claimsAt(
  parent: Record<string, unknown>,
  path: string,
  allowJson: boolean,
): Record<string, unknown> {
  const claims = objectAt(parent, 'claimsToAddOrOverride', path) ?? {}
  for (const [name, value] of Object.entries(claims)) {
    const scalar = ['string', 'number', 'boolean'].includes(typeof value)
    if (!scalar && !(allowJson && typeof value === 'object' && value !== null))
      throw unrecognized(`${path}.claimsToAddOrOverride.${name}`)
  }
  return claims
}

/**
 * groupOverrideDetails: absent or null keeps the groups; an object replaces them, so an empty
 * one suppresses them (as the guide says).
 */
export function groupsAt(parent: Record<string, unknown>, path: string): GroupClaims | undefined {
  const details = objectAt(parent, 'groupOverrideDetails', path)
  if (!details) return undefined
  const where = `${path}.groupOverrideDetails`
  const groups = stringsAt(details, 'groupsToOverride', where)
  const roles = stringsAt(details, 'iamRolesToOverride', where)
  const preferred = details.preferredRole
  if (preferred !== undefined && preferred !== null && typeof preferred !== 'string')
    throw unrecognized(`${where}.preferredRole`)
  return {
    ...(groups.length ? { 'cognito:groups': groups } : {}),
    ...(roles.length ? { 'cognito:roles': roles } : {}),
    ...(typeof preferred === 'string' ? { 'cognito:preferred_role': preferred } : {}),
  }
}
