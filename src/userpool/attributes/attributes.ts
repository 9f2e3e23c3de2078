import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import type { SchemaAttribute, UserPoolClientConfig, UserPoolConfig } from '../model'

export interface AttributeInput {
  Name: string
  Value?: string
}

/** Attributes nobody writes directly: Cognito sets them. */
const READ_ONLY = new Set(['sub', 'identities'])

/** The `*_verified` flags: only a code or an administrator sets them. */
const VERIFIED_FLAGS = new Set(['email_verified', 'phone_number_verified'])

type PoolSchema = Pick<UserPoolConfig, 'SchemaAttributes'>

const unauthorized = (name: string) =>
  new InvalidParameterException(`A client attempted to write unauthorized attribute ${name}`)

const schemaOf = (pool: PoolSchema, name: string): SchemaAttribute | undefined =>
  pool.SchemaAttributes.find((a) => a.Name === name)

/**
 * Validates attribute values against the pool's schema (known name, type, length, range, format
 * of email/phone/birthdate) and returns them as a map. `context` says who writes: an admin may set
 * immutable attributes at creation and `*_verified` flags; a user may not.
 */
export function validateAttributes(
  pool: PoolSchema,
  attributes: AttributeInput[],
  context: {
    writer: 'admin' | 'user'
    creating: boolean
    client?: Pick<UserPoolClientConfig, 'WriteAttributes'>
  },
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { Name: name, Value: value = '' } of attributes) {
    const schema = schemaOf(pool, name)
    if (!schema || READ_ONLY.has(name))
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`,
      )
    if (!context.creating && !schema.Mutable)
      throw new InvalidParameterException(`Attribute cannot be updated. ${name}`)
    if (context.writer === 'user' && schema.DeveloperOnlyAttribute)
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`,
      )
    if (
      context.client?.WriteAttributes &&
      context.writer === 'user' &&
      !context.client.WriteAttributes.includes(name)
    )
      throw unauthorized(name)
    checkValue(schema, value)
    out[name] = value
  }
  return out
}

function checkValue(schema: SchemaAttribute, value: string): void {
  const fail = (why: string) => {
    throw new InvalidParameterException(
      `Attributes did not conform to the schema: ${schema.Name}: ${why}`,
    )
  }
  const length = [...value].length
  switch (schema.AttributeDataType) {
    case 'String': {
      const min = Number(schema.StringAttributeConstraints?.MinLength ?? '0')
      const max = Number(schema.StringAttributeConstraints?.MaxLength ?? '2048')
      if (value !== '' && length < min) fail(`String must be at least ${min} characters`)
      if (length > max) fail(`String must be no longer than ${max} characters`)
      break
    }
    case 'Number': {
      if (value === '') break
      if (!/^-?\d+(\.\d+)?$/.test(value)) fail('Number is not a valid number')
      const n = Number(value)
      const { MinValue, MaxValue } = schema.NumberAttributeConstraints ?? {}
      if (MinValue !== undefined && n < Number(MinValue))
        fail(`Number must be at least ${MinValue}`)
      if (MaxValue !== undefined && n > Number(MaxValue)) fail(`Number must be at most ${MaxValue}`)
      break
    }
    case 'Boolean':
      if (value !== 'true' && value !== 'false') fail('Boolean must be true or false')
      break
    case 'DateTime':
      if (value !== '' && Number.isNaN(Date.parse(value))) fail('DateTime is not a valid date')
      break
  }
  if (value === '') return
  if (schema.Name === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value))
    throw new InvalidParameterException('Invalid email address format.')
  if (schema.Name === 'phone_number' && !/^\+[1-9]\d{4,14}$/.test(value))
    throw new InvalidParameterException('Invalid phone number format.')
  if (schema.Name === 'birthdate' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
    fail('Date must be in the format YYYY-MM-DD')
}

/**
 * What an answer to NEW_PASSWORD_REQUIRED (`userAttributes.<name>`) may write, as Cognito documents
 * it: the required attributes the user still lacks (the challenge's `requiredAttributes`), and
 * attributes the app client may write (its WriteAttributes; without them, what UpdateUserAttributes
 * lets a user write). Whoever answers has proved only that they hold the temporary password, so a
 * `*_verified` flag is never theirs to set, a required attribute that has a value is not modified,
 * and an immutable attribute is filled only while it has no value. Returns the validated changes.
 */
export function newPasswordAttributeChanges(
  pool: PoolSchema,
  client: Pick<UserPoolClientConfig, 'WriteAttributes'>,
  current: Record<string, string>,
  attributes: AttributeInput[],
): Record<string, string> {
  const changes = validateAttributes(pool, attributes, { writer: 'user', creating: true })
  for (const name of Object.keys(changes)) {
    const schema = schemaOf(pool, name)!
    const held = Boolean(current[name])
    if (VERIFIED_FLAGS.has(name)) throw unauthorized(name)
    // Cognito's own answer (and type) for this case.
    if (schema.Required && held)
      throw new NotAuthorizedException(`Cannot modify an already provided ${name}`)
    if (!schema.Mutable && held)
      throw new InvalidParameterException(`Attribute cannot be updated. ${name}`)
    if (schema.Required) continue
    const writable = client.WriteAttributes ? client.WriteAttributes.includes(name) : schema.Mutable
    if (!writable) throw unauthorized(name)
  }
  return changes
}

/** Required attributes of the pool missing from a new user's attributes. */
export function checkRequiredAttributes(
  pool: PoolSchema,
  attributes: Record<string, string>,
): void {
  const missing = pool.SchemaAttributes.filter(
    (a) => a.Required && a.Name !== 'sub' && !attributes[a.Name],
  )
  if (missing.length > 0) {
    throw new InvalidParameterException(
      `Attributes did not conform to the schema: ${missing.map((a) => `${a.Name}: The attribute ${a.Name} is required`).join(', ')}`,
    )
  }
}

/** Attributes a client may read (all when ReadAttributes is unset), as Cognito filters GetUser/tokens. */
export function readableAttributes(
  client: UserPoolClientConfig | undefined,
  attributes: Record<string, string>,
): Record<string, string> {
  if (!client?.ReadAttributes) return attributes
  const allowed = new Set(client.ReadAttributes)
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => allowed.has(name)))
}
