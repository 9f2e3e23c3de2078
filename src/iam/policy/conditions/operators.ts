import { arnLike } from './arn'
import { binaryEquals } from './binary'
import { bool } from './bool'
import * as date from './date'
import { ipAddress } from './ip'
import type { Comparator, Operator } from './model'
import * as numeric from './numeric'
import { stringEquals, stringEqualsIgnoreCase, stringLike } from './string'

type BaseOperator = { readonly comparator: Comparator; readonly negated: boolean }

const positive = (comparator: Comparator): BaseOperator => ({ comparator, negated: false })
const negative = (comparator: Comparator): BaseOperator => ({ comparator, negated: true })

// Every operator IAM defines but Null, by name; each also takes `...IfExists` and a set qualifier.
const OPERATORS: ReadonlyMap<string, BaseOperator> = new Map([
  ['StringEquals', positive(stringEquals)],
  ['StringNotEquals', negative(stringEquals)],
  ['StringEqualsIgnoreCase', positive(stringEqualsIgnoreCase)],
  ['StringNotEqualsIgnoreCase', negative(stringEqualsIgnoreCase)],
  ['StringLike', positive(stringLike)],
  ['StringNotLike', negative(stringLike)],
  ['NumericEquals', positive(numeric.numericEquals)],
  ['NumericNotEquals', negative(numeric.numericEquals)],
  ['NumericLessThan', positive(numeric.numericLessThan)],
  ['NumericLessThanEquals', positive(numeric.numericLessThanEquals)],
  ['NumericGreaterThan', positive(numeric.numericGreaterThan)],
  ['NumericGreaterThanEquals', positive(numeric.numericGreaterThanEquals)],
  ['DateEquals', positive(date.dateEquals)],
  ['DateNotEquals', negative(date.dateEquals)],
  ['DateLessThan', positive(date.dateLessThan)],
  ['DateLessThanEquals', positive(date.dateLessThanEquals)],
  ['DateGreaterThan', positive(date.dateGreaterThan)],
  ['DateGreaterThanEquals', positive(date.dateGreaterThanEquals)],
  ['Bool', positive(bool)],
  ['BinaryEquals', positive(binaryEquals)],
  ['IpAddress', positive(ipAddress)],
  ['NotIpAddress', negative(ipAddress)],
  ['ArnEquals', positive(arnLike)],
  ['ArnLike', positive(arnLike)],
  ['ArnNotEquals', negative(arnLike)],
  ['ArnNotLike', negative(arnLike)],
])

const SET_QUALIFIERS = ['ForAllValues', 'ForAnyValue'] as const

/** Reads a condition operator's name (case as IAM spells it); undefined when IAM has no such operator. */
export function parseOperator(name: string): Operator | undefined {
  if (name === 'Null') return { kind: 'null' }
  let rest = name
  const set = SET_QUALIFIERS.find((qualifier) => rest.startsWith(`${qualifier}:`))
  if (set) rest = rest.slice(set.length + 1)
  const ifExists = rest.endsWith('IfExists')
  if (ifExists) rest = rest.slice(0, -'IfExists'.length)
  const base = OPERATORS.get(rest)
  if (!base) return undefined
  return { kind: 'compare', ...base, ifExists, set }
}
