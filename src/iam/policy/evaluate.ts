import { type ContextReader, type RequestContext, readContext } from './context'
import type { PolicyDocument } from './model'
import { type StatementRequest, statementApplies } from './statement-match'

/** The outcome of an evaluation, in IAM's three terms. */
export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'

/** Which set of policies a statement or a denial belongs to. */
export type PolicyLayer = 'identity' | 'session' | 'trust'

/** Where a deciding statement sits: its layer, document and place in that document. */
export interface StatementRef {
  readonly layer: PolicyLayer
  /** Index of the document in the list it was given in. */
  readonly policyIndex: number
  /** Index of the statement in its document's Statement list. */
  readonly statementIndex: number
  readonly sid: string | undefined
}

/** An evaluation's result. */
export interface Evaluation {
  readonly decision: Decision
  /** For Allow, the identity (or trust) statement that allowed; for ExplicitDeny, the Deny statement. */
  readonly matchedStatement?: StatementRef
  /** For a denial, the layer that denied: the one with the Deny, or the one no statement allowed in. */
  readonly deniedBy?: PolicyLayer
}

/** A request to authorise against identity policies. */
export interface AccessRequest {
  /** `service:Action`, e.g. `s3:GetObject` (case does not matter). */
  readonly action: string
  /** The resource ARN, e.g. `arn:aws:s3:::bucket/key`. */
  readonly resource: string
  /** Condition keys (any case) to values; also the source of policy variables. */
  readonly context?: RequestContext
}

/** The policies of a role session. */
export interface SessionPolicies {
  /** The role's inline and attached managed policies. */
  readonly identityPolicies: readonly PolicyDocument[]
  /**
   * The session's policies (an inline session policy and managed session policies), if any.
   * Together they form one layer that must also allow: the session gets the intersection of
   * what the identity policies allow and what the session policies allow. Absent or empty: no
   * session policy, so the identity policies alone decide.
   */
  readonly sessionPolicies?: readonly PolicyDocument[]
}

type Layer = { readonly layer: PolicyLayer; readonly policies: readonly PolicyDocument[] }

/** The first statement of the given effect that applies, across a layer's documents in order. */
export function findStatement(
  { layer, policies }: Layer,
  effect: 'Allow' | 'Deny',
  request: StatementRequest,
): StatementRef | undefined {
  for (const [policyIndex, policy] of policies.entries())
    for (const statement of policy.statements)
      if (statement.effect === effect && statementApplies(statement, policy.version, request))
        return { layer, policyIndex, statementIndex: statement.index, sid: statement.sid }
  return undefined
}

/**
 * Evaluates a request as IAM does for a role session in its own account: an applicable Deny in
 * any policy wins (ExplicitDeny); otherwise an identity policy must allow it and, when the session
 * has session policies, a session policy must allow it too; else ImplicitDeny.
 */
export function evaluatePolicies(policies: SessionPolicies, request: AccessRequest): Evaluation {
  const context: ContextReader = readContext(request.context ?? {})
  const facts: StatementRequest = { action: request.action, resource: request.resource, context }
  const layers: Layer[] = [{ layer: 'identity', policies: policies.identityPolicies }]
  if (policies.sessionPolicies?.length)
    layers.push({ layer: 'session', policies: policies.sessionPolicies })
  for (const layer of layers) {
    const deny = findStatement(layer, 'Deny', facts)
    if (deny) return { decision: 'ExplicitDeny', matchedStatement: deny, deniedBy: layer.layer }
  }
  let allowed: StatementRef | undefined
  for (const layer of layers) {
    const allow = findStatement(layer, 'Allow', facts)
    if (!allow) return { decision: 'ImplicitDeny', deniedBy: layer.layer }
    allowed ??= allow
  }
  return { decision: 'Allow', matchedStatement: allowed! }
}
