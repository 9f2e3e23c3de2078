/**
 * IAM policy evaluation, as AWS does it, for the role policies of vended credentials: parse a
 * document once with `parsePolicyDocument`, then evaluate requests with `evaluatePolicies` (identity
 * and session policies) or `evaluateTrust` (a role's trust policy); `denialMessage` words a denial
 * as AWS does.
 */
export type { ContextValue, RequestContext } from './context'
export { denialMessage, type DenialSubject } from './denial-message'
export { parsePolicyDocument } from './document'
export {
  type AccessRequest,
  type Decision,
  type Evaluation,
  evaluatePolicies,
  type PolicyLayer,
  type SessionPolicies,
  type StatementRef,
} from './evaluate'
export type { PolicyDocument, PolicyKind, PolicyVersion, Statement } from './model'
export type { RequestPrincipal } from './principal'
export { evaluateTrust, type TrustRequest } from './trust'
