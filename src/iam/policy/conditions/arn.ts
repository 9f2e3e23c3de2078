import { splitArn } from '../arn'
import { type Pattern, patternRegExp } from '../wildcard'
import type { Comparator } from './model'

/**
 * ArnEquals / ArnLike (the same test in IAM) and their negations: compared field by field, with
 * `*` and `?` wildcards that stay within their field; the policy value must be in ARN form.
 */
export const arnLike: Comparator = {
  accepts: (literal) => splitArn(literal) !== undefined,
  prepare(raw, resolve) {
    const fields = splitArn(raw)
    if (!fields) return () => false
    const patterns = fields.map(resolve)
    if (patterns.some((pattern) => pattern === undefined)) return undefined
    const regExps = (patterns as Pattern[]).map((pattern) => patternRegExp(pattern))
    return (requestValue) => {
      const requestFields = splitArn(requestValue)
      return (
        requestFields !== undefined && regExps.every((regExp, i) => regExp.test(requestFields[i]!))
      )
    }
  },
}
