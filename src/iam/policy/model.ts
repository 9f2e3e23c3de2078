import type { CompiledCondition } from './conditions/model'
import type { Pattern } from './wildcard'

/** The two policy language versions IAM knows; only 2012-10-17 substitutes policy variables. */
export type PolicyVersion = '2012-10-17' | '2008-10-17'

/** What a document is for: its kind decides whether Principal or Resource may or must appear. */
export type PolicyKind = 'identity' | 'session' | 'trust'

/** The kinds of principal a trust policy can name. */
export type PrincipalKind = 'AWS' | 'Federated' | 'Service'

/** A Principal element: `*` (anyone) or lists of names by kind. */
export type PrincipalSpec =
  | { readonly any: true }
  | { readonly any: false; readonly names: ReadonlyMap<PrincipalKind, readonly string[]> }

/** An Action/NotAction or Resource/NotResource element: its patterns and whether it is negated. */
export interface MatchList<T> {
  readonly negated: boolean
  readonly patterns: readonly T[]
}

/** One statement of a parsed policy, ready to evaluate. */
export interface Statement {
  /** Position in the document's Statement list, from 0. */
  readonly index: number
  readonly sid: string | undefined
  readonly effect: 'Allow' | 'Deny'
  /** Action patterns, compiled once (actions never hold policy variables). */
  readonly action: MatchList<Pattern>
  /** Raw Resource patterns: variables are substituted per request. Absent in trust policies. */
  readonly resource: MatchList<string> | undefined
  readonly principal: PrincipalSpec | undefined
  readonly conditions: readonly CompiledCondition[]
}

/** A parsed, validated policy document. Build one with `parsePolicyDocument`. */
export interface PolicyDocument {
  readonly kind: PolicyKind
  readonly version: PolicyVersion
  readonly id: string | undefined
  readonly statements: readonly Statement[]
}
