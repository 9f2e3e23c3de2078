import { InvalidParameterException, SerializationException } from '../../errors/cognito'

/**
 * A small schema language for AWS JSON 1.1 inputs, written from the service model: type errors are
 * SerializationException (as AWS's deserialiser reports them); constraint violations (required,
 * length, pattern, range, enum) are InvalidParameterException with AWS's "validation error" text.
 * Members not declared are dropped, as AWS ignores unknown members.
 */
export type Shape<T> = {
  readonly kind: string
  /** Returns the value read as T, or records problems and returns undefined. */
  read(value: unknown, path: string, problems: Problems): T | undefined
}

export interface Problems {
  /** Type mismatches: the first one wins, as the deserialiser stops there. */
  serialization?: string
  constraints: string[]
}

type Infer<S> = S extends Shape<infer T> ? T : never

interface StringRules {
  min?: number
  max?: number
  pattern?: string
}

export function string(rules: StringRules = {}): Shape<string> {
  const regex = rules.pattern ? new RegExp(`^(?:${rules.pattern})$`, 'u') : undefined
  return {
    kind: 'string',
    read(value, path, problems) {
      if (typeof value !== 'string') {
        problems.serialization ??= `Unexpected value type for ${path}: expected a string`
        return undefined
      }
      const length = [...value].length
      if (rules.min !== undefined && length < rules.min)
        problems.constraints.push(
          `Value at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${rules.min}`,
        )
      else if (rules.max !== undefined && length > rules.max)
        problems.constraints.push(
          `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rules.max}`,
        )
      else if (regex && !regex.test(value))
        problems.constraints.push(
          `Value at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rules.pattern}`,
        )
      return value
    },
  }
}

export function enumeration<const V extends string>(values: readonly V[]): Shape<V> {
  return {
    kind: 'enum',
    read(value, path, problems) {
      if (typeof value !== 'string') {
        problems.serialization ??= `Unexpected value type for ${path}: expected a string`
        return undefined
      }
      if (!(values as readonly string[]).includes(value)) {
        problems.constraints.push(
          `Value '${value.slice(0, 64)}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
        )
      }
      return value as V
    },
  }
}

export function integer(rules: { min?: number; max?: number } = {}): Shape<number> {
  return {
    kind: 'integer',
    read(value, path, problems) {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        problems.serialization ??= `Unexpected value type for ${path}: expected an integer`
        return undefined
      }
      if (rules.min !== undefined && value < rules.min)
        problems.constraints.push(
          `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${rules.min}`,
        )
      else if (rules.max !== undefined && value > rules.max)
        problems.constraints.push(
          `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${rules.max}`,
        )
      return value
    },
  }
}

export function boolean(): Shape<boolean> {
  return {
    kind: 'boolean',
    read(value, path, problems) {
      if (typeof value !== 'boolean') {
        problems.serialization ??= `Unexpected value type for ${path}: expected a boolean`
        return undefined
      }
      return value
    },
  }
}

export function list<T>(member: Shape<T>, rules: { min?: number; max?: number } = {}): Shape<T[]> {
  return {
    kind: 'list',
    read(value, path, problems) {
      if (!Array.isArray(value)) {
        problems.serialization ??= `Unexpected value type for ${path}: expected a list`
        return undefined
      }
      if (rules.min !== undefined && value.length < rules.min)
        problems.constraints.push(
          `Value at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${rules.min}`,
        )
      if (rules.max !== undefined && value.length > rules.max)
        problems.constraints.push(
          `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rules.max}`,
        )
      const out: T[] = []
      value.forEach((item, index) => {
        // AWS lists do not hold nulls: a null member is a type error.
        const read = member.read(item, `${path}.${index + 1}.member`, problems)
        if (read !== undefined) out.push(read)
      })
      return out
    },
  }
}

export function map<V>(
  valueShape: Shape<V>,
  rules: { key?: StringRules; max?: number } = {},
): Shape<Record<string, V>> {
  const keyShape = string(rules.key ?? {})
  return {
    kind: 'map',
    read(value, path, problems) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.serialization ??= `Unexpected value type for ${path}: expected a map`
        return undefined
      }
      // Built with fromEntries: keys like "__proto__" become own properties, and the object stays
      // a plain one that structured clone (Durable Object RPC) accepts.
      const out: Array<[string, V]> = []
      const entries = Object.entries(value)
      if (rules.max !== undefined && entries.length > rules.max)
        problems.constraints.push(
          `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rules.max}`,
        )
      for (const [key, item] of entries) {
        keyShape.read(key, `${path}.key`, problems)
        const read = valueShape.read(item, `${path}.${key}`, problems)
        if (read !== undefined) out.push([key, read])
      }
      return Object.fromEntries(out)
    },
  }
}

type Members = Record<string, Shape<unknown>>
type StructureOf<M extends Members, R extends keyof M> = { [K in R]: Infer<M[K]> } & {
  [K in Exclude<keyof M, R>]?: Infer<M[K]>
}

export function structure<M extends Members, const R extends keyof M = never>(
  members: M,
  required: readonly R[] = [],
): Shape<StructureOf<M, R>> {
  return {
    kind: 'structure',
    read(value, path, problems) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.serialization ??= `Unexpected value type for ${path || 'the request'}: expected an object`
        return undefined
      }
      const input = value as Record<string, unknown>
      const out: Record<string, unknown> = {}
      for (const [name, shape] of Object.entries(members)) {
        const memberPath = path ? `${path}.${lowerFirst(name)}` : lowerFirst(name)
        const present =
          Object.hasOwn(input, name) && input[name] !== null && input[name] !== undefined
        if (!present) {
          if ((required as readonly string[]).includes(name))
            problems.constraints.push(
              `Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`,
            )
          continue
        }
        const read = shape.read(input[name], memberPath, problems)
        if (read !== undefined) out[name] = read
      }
      return out as StructureOf<M, R>
    },
  }
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1)

/**
 * Reads a request body against a shape, or throws the error AWS would send: constraint failures
 * are Cognito's InvalidParameterException unless the service names its own (`invalid`).
 */
export function parseInput<T>(
  shape: Shape<T>,
  body: unknown,
  invalid: (message: string) => Error = (message) => new InvalidParameterException(message),
): T {
  const problems: Problems = { constraints: [] }
  const value = shape.read(body, '', problems)
  if (problems.serialization !== undefined) throw new SerializationException(problems.serialization)
  if (problems.constraints.length > 0) {
    const count = problems.constraints.length
    throw invalid(
      `${count} validation error${count > 1 ? 's' : ''} detected: ${problems.constraints.slice(0, 10).join('; ')}`,
    )
  }
  return value as T
}

/** A structure we keep and echo without reading its members (LambdaConfig, EmailConfiguration, …). */
export function opaqueStructure(): Shape<Record<string, unknown>> {
  return {
    kind: 'structure',
    read(value, path, problems) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.serialization ??= `Unexpected value type for ${path}: expected an object`
        return undefined
      }
      return JSON.parse(JSON.stringify(value)) as Record<string, unknown>
    },
  }
}

/** A blob: base64 text on the JSON wire, read as bytes; `max` bounds the decoded size. */
export function blob(rules: { max?: number } = {}): Shape<Uint8Array> {
  return {
    kind: 'blob',
    read(value, path, problems) {
      if (
        typeof value !== 'string' ||
        !/^[A-Za-z0-9+/]*={0,2}$/.test(value) ||
        value.length % 4 === 1
      ) {
        problems.serialization ??= `Unexpected value type for ${path}: expected base64 data`
        return undefined
      }
      const binary = atob(value.padEnd(Math.ceil(value.length / 4) * 4, '='))
      const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
      if (rules.max !== undefined && bytes.length > rules.max)
        problems.constraints.push(
          `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rules.max}`,
        )
      return bytes
    },
  }
}
