import type { ContextReader } from '../context'
import type { CompiledCondition, Resolve, ValueTest } from './model'

// For set operators IAM reads an empty string as an empty set, like a missing key.
const asSet = (values: readonly string[] | undefined): readonly string[] | undefined =>
  values && !(values.length === 1 && values[0] === '') ? values : undefined

/**
 * Whether one operator-key pair holds for a request, as IAM reads it:
 * - values of the key are OR'd: the key matches when it matches any of them;
 * - a negated operator (`StringNotEquals`, `NotIpAddress`...) holds when the key matches none;
 * - a missing key fails a positive operator and passes a negated one; `...IfExists` passes it;
 * - `ForAllValues:` holds when every request value passes (and when the key is missing or empty);
 *   `ForAnyValue:` when at least one does (never when the key is missing or empty, unless IfExists);
 * - without a set qualifier a multivalued key matches when any of its values does;
 * - `Null` holds when the key's absence is what the policy value (`true`/`false`) says.
 * A policy value whose variable has no value matches nothing; with a negated operator it makes
 * the condition fail, since nothing can then be shown to differ from it.
 */
export function conditionHolds(
  condition: CompiledCondition,
  context: ContextReader,
  resolve: Resolve,
): boolean {
  const { operator } = condition
  if (operator.kind === 'null') {
    const absent = context.values(condition.key) === undefined
    return condition.values.some((value) => (value.toLowerCase() === 'true') === absent)
  }
  const prepared = condition.values.map((value) => operator.comparator.prepare(value, resolve))
  const unresolved = prepared.includes(undefined)
  const tests = prepared.filter((test): test is ValueTest => test !== undefined)
  const matchesAny = (requestValue: string): boolean => tests.some((test) => test(requestValue))
  const passes = (requestValue: string): boolean =>
    operator.negated ? !unresolved && !matchesAny(requestValue) : matchesAny(requestValue)

  if (operator.set) {
    const values = asSet(context.values(condition.key))
    if (!values) return operator.set === 'ForAllValues' || operator.ifExists
    return operator.set === 'ForAllValues' ? values.every(passes) : values.some(passes)
  }
  const values = context.values(condition.key)
  if (!values) return operator.ifExists || (operator.negated && !unresolved)
  return operator.negated ? !unresolved && !values.some(matchesAny) : values.some(matchesAny)
}
