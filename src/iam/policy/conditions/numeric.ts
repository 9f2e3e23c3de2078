import type { Comparator } from './model'
import { textComparator } from './text-comparator'

// Integers and decimals, as IAM's numeric operators take them.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/

const parseNumber = (text: string): number | undefined =>
  NUMBER.test(text.trim()) ? Number(text) : undefined

const numeric = (compare: (request: number, policy: number) => boolean): Comparator =>
  textComparator(parseNumber, compare)

/** NumericEquals (negated: NumericNotEquals). */
export const numericEquals = numeric((a, b) => a === b)
export const numericLessThan = numeric((a, b) => a < b)
export const numericLessThanEquals = numeric((a, b) => a <= b)
export const numericGreaterThan = numeric((a, b) => a > b)
export const numericGreaterThanEquals = numeric((a, b) => a >= b)
