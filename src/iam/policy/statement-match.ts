import { actionMatches } from './action-match'
import { conditionHolds } from './conditions/evaluate'
import type { ContextReader } from './context'
import type { PolicyVersion, Statement } from './model'
import { principalMatches, type RequestPrincipal } from './principal'
import { resourceMatches } from './resource-match'
import { resolvePattern } from './variables'

/** What a statement is matched against: the request, with its context already read. */
export interface StatementRequest {
  readonly action: string
  /** The resource ARN; absent for trust policies, which name none. */
  readonly resource?: string
  /** The requester, for trust policies. */
  readonly principal?: RequestPrincipal
  readonly context: ContextReader
}

function resourceApplies(
  statement: Statement,
  request: StatementRequest,
  version: PolicyVersion,
): boolean {
  const { resource } = statement
  if (!resource) return true
  // A statement naming resources never applies to a request without one.
  if (request.resource === undefined) return false
  const lookup = (key: string) => request.context.variable(key)
  const results = resource.patterns.map((raw) =>
    resourceMatches(raw, request.resource!, version, lookup),
  )
  // An unresolvable NotResource pattern could exclude anything: the statement does not apply.
  if (resource.negated) return !results.includes(undefined) && !results.includes(true)
  return results.includes(true)
}

/**
 * Whether a statement applies to a request: its Action (or NotAction), Resource (or
 * NotResource), Principal for trust policies, and every condition (AND across operators and keys).
 */
export function statementApplies(
  statement: Statement,
  version: PolicyVersion,
  request: StatementRequest,
): boolean {
  const actionMatched = statement.action.patterns.some((pattern) =>
    actionMatches(pattern, request.action),
  )
  if (actionMatched === statement.action.negated) return false
  if (statement.principal) {
    if (!request.principal || !principalMatches(statement.principal, request.principal))
      return false
  }
  if (!resourceApplies(statement, request, version)) return false
  const resolve = (raw: string) =>
    resolvePattern(raw, version, (key) => request.context.variable(key))
  return statement.conditions.every((condition) =>
    conditionHolds(condition, request.context, resolve),
  )
}
