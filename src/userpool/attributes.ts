import { InvalidParameterException } from '../errors/cognito'
import type { SchemaAttribute, UserPoolClientConfig, UserPoolConfig } from './model'

export interface AttributeInput {
  Name: string
  Value?: string
}

/** Attributes nobody writes directly: Cognito sets them. */
const READ_ONLY = new Set(['sub', 'identities'])

const schemaOf = (pool: UserPoolConfig, name: string): SchemaAttribute | undefined =>
  pool.SchemaAttributes.find((a) => a.Name === name)

/**
 * Validates attribute values against the pool's schema (known name, type, length, range, format
 * of email/phone/birthdate) and returns them as a map. `context` says who writes: an admin may set
 * immutable attributes at creation and `*_verified` flags; a user may not.
 */
export function validateAttributes(
  pool: UserPoolConfig,
  attributes: AttributeInput[],
  context: { writer: 'admin' | 'user'; creating: boolean; client?: UserPoolClientConfig },
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
    ) {
      throw new InvalidParameterException(
        `A client attempted to write unauthorized attribute ${name}`,
      )
    }
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

/** Required attributes of the pool missing from a new user's attributes. */
export function checkRequiredAttributes(
  pool: UserPoolConfig,
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
