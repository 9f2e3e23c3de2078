import { patternText } from '../wildcard'
import type { Comparator } from './model'

/**
 * A comparator for operators without wildcards: the policy value is read as plain text once its
 * variables are resolved, and a value that does not parse for the family matches nothing.
 */
export function textComparator<T>(
  parse: (text: string) => T | undefined,
  compare: (request: T, policy: T) => boolean,
): Comparator {
  return {
    accepts: (literal) => parse(literal) !== undefined,
    prepare(raw, resolve) {
      const pattern = resolve(raw)
      if (!pattern) return undefined
      const policy = parse(patternText(pattern))
      if (policy === undefined) return () => false
      return (requestValue) => {
        const request = parse(requestValue)
        return request !== undefined && compare(request, policy)
      }
    },
  }
}
