import { MalformedPolicyDocument } from '../../../errors/iam'
import type { PolicyVersion } from '../model'
import { hasVariables } from '../variables'
import type { CompiledCondition } from './model'
import { parseOperator } from './operators'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const CONDITION_KEY = /^[^:\s]+:\S+$/

function conditionValues(operator: string, key: string, raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw]
  return list.map((value) => {
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    throw new MalformedPolicyDocument(`Invalid Condition value for ${operator} ${key}.`)
  })
}

/**
 * Parses and checks a Condition element: every operator must be one IAM knows (an unknown one
 * rejects the whole document rather than being skipped), every key vendor-prefixed, every value
 * a string, number or boolean that the operator can read.
 */
export function parseConditionBlock(raw: unknown, version: PolicyVersion): CompiledCondition[] {
  if (!isRecord(raw)) throw new MalformedPolicyDocument('Syntax errors in policy.')
  const conditions: CompiledCondition[] = []
  for (const [name, block] of Object.entries(raw)) {
    const operator = parseOperator(name)
    if (!operator) throw new MalformedPolicyDocument(`Invalid Condition type : ${name}.`)
    if (!isRecord(block)) throw new MalformedPolicyDocument('Syntax errors in policy.')
    for (const [key, rawValues] of Object.entries(block)) {
      if (!CONDITION_KEY.test(key))
        throw new MalformedPolicyDocument(
          'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
        )
      const values = conditionValues(name, key, rawValues)
      for (const value of values) {
        const valid =
          operator.kind === 'null'
            ? /^(true|false)$/i.test(value)
            : (version === '2012-10-17' && hasVariables(value)) ||
              operator.comparator.accepts(value)
        if (!valid)
          throw new MalformedPolicyDocument(`Invalid Condition value ${value} for ${name} ${key}.`)
      }
      conditions.push({ name, operator, key, values })
    }
  }
  return conditions
}
