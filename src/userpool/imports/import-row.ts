import { PortcullisError } from '../../errors/base'
import { InvalidParameterException } from '../../errors/cognito'
import { checkRequiredAttributes, validateAttributes } from '../attributes/attributes'
import type { UserPoolConfig, UserRecord } from '../model'
import { checkUsernameFormat, newUserRecord, resolveNewUsername } from '../users/new-user'

/** A line that could not become a user: Cognito's FAILED result, with the reason it logs. */
export class ImportRowError extends Error {}

const BOOLEAN = /^(true|false)$/i
const US_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/

/**
 * Whether the pool can take an import at all: it must auto-verify an email address or a phone
 * number, or imported users could never receive the code that resets their password.
 */
export function checkImportablePool(pool: UserPoolConfig): void {
  if ((pool.AutoVerifiedAttributes ?? []).length === 0)
    throw new InvalidParameterException(
      'The user pool has no auto-verified attributes (email or phone_number): users cannot be imported.',
    )
}

/**
 * One line of an import file (its fields under `header`) as the user Cognito would create, by the
 * guide's rules: every header column present; `cognito:username` without spaces or tabs;
 * `cognito:mfa_enabled` true or false and matching the pool's MFA setting; at least one
 * auto-verified attribute verified (each of them when the pool auto-verifies only one), with the
 * address it verifies; the pool's required attributes; birthdate as mm/dd/yyyy; values checked
 * against the schema as an administrator's. The user is RESET_REQUIRED and has no password.
 */
export function userFromRow(
  pool: UserPoolConfig,
  header: string[],
  fields: string[],
  now: number,
): UserRecord {
  if (fields.length !== header.length)
    throw new ImportRowError(
      `The line has ${fields.length} values but the header has ${header.length} columns.`,
    )
  const values = new Map(header.map((name, i) => [name, fields[i] ?? '']))
  const requested = values.get('cognito:username') ?? ''
  if (requested === '') throw new ImportRowError('The cognito:username value is missing.')
  if (/[\s]/u.test(requested))
    throw new ImportRowError('The cognito:username value cannot contain spaces or tabs.')
  const mfa = values.get('cognito:mfa_enabled') ?? ''
  if (!BOOLEAN.test(mfa))
    throw new ImportRowError('The cognito:mfa_enabled value must be true or false.')
  const mfaEnabled = mfa.toLowerCase() === 'true'
  if (pool.MfaConfiguration === 'ON' && !mfaEnabled)
    throw new ImportRowError('MFA is required in this user pool: cognito:mfa_enabled must be true.')
  if (pool.MfaConfiguration === 'OFF' && mfaEnabled)
    throw new ImportRowError('MFA is off in this user pool: cognito:mfa_enabled must be false.')

  const given: Record<string, string> = {}
  for (const [name, value] of values) {
    if (name.startsWith('cognito:') || value === '') continue
    if (name === 'email_verified' || name === 'phone_number_verified') {
      if (!BOOLEAN.test(value)) throw new ImportRowError(`The ${name} value must be true or false.`)
      given[name] = value.toLowerCase()
    } else if (name === 'birthdate') {
      const date = US_DATE.exec(value)
      if (!date) throw new ImportRowError('The birthdate value must be in the format mm/dd/yyyy.')
      given[name] = `${date[3]}-${date[1]}-${date[2]}`
    } else given[name] = value
  }
  const autoVerified = pool.AutoVerifiedAttributes ?? []
  const verified = autoVerified.filter((name) => given[`${name}_verified`] === 'true')
  if (verified.length === 0)
    throw new ImportRowError(
      'The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).',
    )
  if (autoVerified.length === 1 && verified.length !== 1)
    throw new ImportRowError(`The ${autoVerified[0]}_verified value must be true.`)
  for (const name of ['email', 'phone_number'] as const)
    if (given[`${name}_verified`] === 'true' && !given[name])
      throw new ImportRowError(`${name}_verified is true but the ${name} value is missing.`)

  try {
    const attributes = validateAttributes(
      pool,
      Object.entries(given).map(([Name, Value]) => ({ Name, Value })),
      { writer: 'admin', creating: true },
    )
    checkUsernameFormat(pool, requested)
    const sub = crypto.randomUUID()
    const resolved = resolveNewUsername(pool, requested, attributes, sub)
    checkRequiredAttributes(pool, resolved.attributes)
    const record = newUserRecord({
      username: resolved.username,
      sub,
      attributes: resolved.attributes,
      status: 'RESET_REQUIRED',
      now,
    })
    // `cognito:mfa_enabled` is the legacy MFA switch: codes by SMS.
    if (mfaEnabled) record.smsMfa = { enabled: true, preferred: true }
    return record
  } catch (error) {
    if (error instanceof PortcullisError) throw new ImportRowError(error.publicMessage)
    throw error
  }
}
