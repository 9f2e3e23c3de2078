/**
 * A condition key's value in a request: a single value, a list for multivalued keys (such as
 * `cognito-identity.amazonaws.com:amr`), or undefined when the request has none.
 */
export type ContextValue = string | readonly string[] | boolean | number | undefined

/** The request context: condition keys (any case) to their values. */
export type RequestContext = Readonly<Record<string, ContextValue>>

/** The request context as the evaluator reads it: keys without case, every value as text. */
export interface ContextReader {
  /** The key's values; undefined when the key is absent or an empty set. */
  values(key: string): readonly string[] | undefined
  /** The key's value as a policy variable: single-valued keys only. */
  variable(key: string): string | undefined
}

const asText = (value: string | boolean | number): string =>
  typeof value === 'string' ? value : String(value)

/** Reads a request context; key names are case-insensitive, values keep their case. */
export function readContext(context: RequestContext): ContextReader {
  const byKey = new Map<string, readonly string[] | string>()
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue
    byKey.set(
      key.toLowerCase(),
      Array.isArray(value) ? value.map(asText) : asText(value as string | boolean | number),
    )
  }
  return {
    values(key) {
      const value = byKey.get(key.toLowerCase())
      if (value === undefined) return undefined
      if (typeof value === 'string') return [value]
      return value.length ? value : undefined
    },
    variable(key) {
      // IAM does not substitute multivalued keys: a list, even of one, gives no value.
      const value = byKey.get(key.toLowerCase())
      return typeof value === 'string' ? value : undefined
    },
  }
}
