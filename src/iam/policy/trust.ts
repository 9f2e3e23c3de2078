import { readContext, type RequestContext } from './context'
import { type Evaluation, findStatement } from './evaluate'
import type { PolicyDocument } from './model'
import type { RequestPrincipal } from './principal'
import type { StatementRequest } from './statement-match'

/** A request to assume a role, checked against the role's trust policy. */
export interface TrustRequest {
  /** Who asks, e.g. `{ Federated: 'cognito-identity.amazonaws.com' }`. */
  readonly principal: RequestPrincipal
  /** e.g. `sts:AssumeRoleWithWebIdentity`. */
  readonly action: string
  /** Condition keys such as `cognito-identity.amazonaws.com:aud` and `...:amr`. */
  readonly context?: RequestContext
}

/**
 * Evaluates a role's trust policy (parsed with kind `trust`): an applicable Deny wins, else a
 * statement whose Principal names the requester and whose Action and conditions match must allow.
 * A document of another kind names no principal, so it never allows.
 */
export function evaluateTrust(trustPolicy: PolicyDocument, request: TrustRequest): Evaluation {
  const facts: StatementRequest = {
    action: request.action,
    principal: request.principal,
    context: readContext(request.context ?? {}),
  }
  const layer = {
    layer: 'trust',
    policies: trustPolicy.kind === 'trust' ? [trustPolicy] : [],
  } as const
  const deny = findStatement(layer, 'Deny', facts)
  if (deny) return { decision: 'ExplicitDeny', matchedStatement: deny, deniedBy: 'trust' }
  const allow = findStatement(layer, 'Allow', facts)
  if (allow) return { decision: 'Allow', matchedStatement: allow }
  return { decision: 'ImplicitDeny', deniedBy: 'trust' }
}
