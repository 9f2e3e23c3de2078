import { splitArn } from './arn'
import type { PolicyVersion } from './model'
import { resolvePattern, type VariableLookup } from './variables'
import { patternRegExp } from './wildcard'

/** Whether policy text is a resource IAM accepts: `*` or something in ARN form. */
export function isResourcePattern(raw: string): boolean {
  return raw === '*' || splitArn(raw) !== undefined
}

/**
 * Whether one Resource pattern matches a request's resource, field by field: a wildcard in the
 * partition, service, region or account matches within that field only; in the resource field `*`
 * matches anything, `/` and `:` included. Undefined when a policy variable in the pattern has no
 * value: the caller decides what an unresolvable pattern means (it never widens access).
 */
export function resourceMatches(
  raw: string,
  resource: string,
  version: PolicyVersion,
  lookup: VariableLookup,
): boolean | undefined {
  if (raw === '*') return true
  const patternFields = splitArn(raw)
  const resourceFields = splitArn(resource)
  if (!patternFields) return false
  const patterns = patternFields.map((field) => resolvePattern(field, version, lookup))
  if (patterns.some((pattern) => pattern === undefined)) return undefined
  if (!resourceFields) return false
  return patterns.every((pattern, i) => patternRegExp(pattern!).test(resourceFields[i]!))
}
