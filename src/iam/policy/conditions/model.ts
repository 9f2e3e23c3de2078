import type { Pattern } from '../wildcard'

/** Resolves a policy value's variables for the request at hand (undefined: a variable has no value). */
export type Resolve = (raw: string) => Pattern | undefined

/** Tests one request value against one policy value, in the operator's positive sense. */
export type ValueTest = (requestValue: string) => boolean

/** One family of condition operators (string, numeric, date...), in its positive sense. */
export interface Comparator {
  /** Whether a policy value without variables is one this family can compare with. */
  accepts(literal: string): boolean
  /** A test for one policy value; undefined when a variable in it has no value. */
  prepare(raw: string, resolve: Resolve): ValueTest | undefined
}

/** How a condition operator reads: its comparator, negation, `...IfExists` and set qualifier. */
export type Operator =
  | { readonly kind: 'null' }
  | {
      readonly kind: 'compare'
      readonly comparator: Comparator
      readonly negated: boolean
      readonly ifExists: boolean
      readonly set: 'ForAllValues' | 'ForAnyValue' | undefined
    }

/** One operator-key pair of a Condition element with its values (OR'd), as written. */
export interface CompiledCondition {
  /** The operator as written, e.g. `ForAnyValue:StringLike`. */
  readonly name: string
  readonly operator: Operator
  readonly key: string
  readonly values: readonly string[]
}
