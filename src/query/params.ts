import { ValidationError } from '../errors/iam'

/** A string member's constraints, as the service model declares them. */
export interface StringShape {
  required?: boolean
  min?: number
  max?: number
  /** The model's pattern; the whole value must match it. */
  pattern?: string
}

export interface IntegerShape {
  required?: boolean
  min?: number
  max?: number
}

/** The model names members in PascalCase; AWS's validation messages name them in camelCase. */
const camel = (name: string): string =>
  name.replace(/(^|\.)([A-Z])/g, (_, dot: string, c: string) => dot + c.toLowerCase())

const invalid = (value: string | null, name: string, constraint: string): ValidationError =>
  new ValidationError(
    `1 validation error detected: Value ${value === null ? 'null' : `'${value.slice(0, 256)}'`} at '${camel(name)}' failed to satisfy constraint: Member must ${constraint}`,
  )

/** Patterns are the model's, a handful; compiling one is cheaper than the request around it. */
const matches = (pattern: string, value: string): boolean =>
  new RegExp(`^(?:${pattern})$`, 'u').test(value)

/**
 * A query request's parameters, read as the service model's shapes: scalars by name, lists as
 * `Name.member.N` (N from 1, as the SDKs' query serializers write them), structures as
 * `Name.Member`. Each read checks the member's constraints and answers AWS's ValidationError.
 */
export class QueryParams {
  constructor(private readonly form: URLSearchParams) {}

  string(name: string, shape: StringShape & { required: true }): string
  string(name: string, shape?: StringShape): string | undefined
  string(name: string, shape: StringShape = {}): string | undefined {
    const value = this.form.get(name)
    if (value === null) {
      if (shape.required) throw invalid(null, name, 'not be null')
      return undefined
    }
    if (shape.min !== undefined && value.length < shape.min)
      throw invalid(value, name, `have length greater than or equal to ${shape.min}`)
    if (shape.max !== undefined && value.length > shape.max)
      throw invalid(value, name, `have length less than or equal to ${shape.max}`)
    if (shape.pattern !== undefined && !matches(shape.pattern, value))
      throw invalid(value, name, `satisfy regular expression pattern: ${shape.pattern}`)
    return value
  }

  integer(name: string, shape: IntegerShape = {}): number | undefined {
    const text = this.form.get(name)
    if (text === null) {
      if (shape.required) throw invalid(null, name, 'not be null')
      return undefined
    }
    if (!/^-?\d{1,10}$/.test(text)) throw invalid(text, name, 'be an integer')
    const value = Number(text)
    if (shape.min !== undefined && value < shape.min)
      throw invalid(text, name, `have value greater than or equal to ${shape.min}`)
    if (shape.max !== undefined && value > shape.max)
      throw invalid(text, name, `have value less than or equal to ${shape.max}`)
    return value
  }

  /** A list of strings: `Name.member.1`, `Name.member.2`, … until a gap, each held to `shape`. */
  strings(name: string, max: number, shape: StringShape = {}): string[] | undefined {
    const items: string[] = []
    for (let n = 1; this.form.has(`${name}.member.${n}`); n++) {
      if (n > max) throw invalid(null, name, `have length less than or equal to ${max}`)
      items.push(this.string(`${name}.member.${n}`, shape)!)
    }
    return items.length > 0 ? items : undefined
  }

  /** A list of structures: `Name.member.1.Key`, `Name.member.1.Value`, … until a gap. */
  structures<T>(
    name: string,
    max: number,
    read: (member: (memberName: string) => string) => T,
  ): T[] | undefined {
    const items: T[] = []
    for (let n = 1; ; n++) {
      const prefix = `${name}.member.${n}.`
      if (![...this.form.keys()].some((key) => key.startsWith(prefix))) break
      if (n > max) throw invalid(null, name, `have length less than or equal to ${max}`)
      items.push(read((memberName) => `${prefix}${memberName}`))
    }
    return items.length > 0 ? items : undefined
  }
}
