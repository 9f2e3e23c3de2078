import { patternRegExp } from '../wildcard'
import type { Comparator } from './model'
import { textComparator } from './text-comparator'

const asIs = (text: string): string => text

/** StringEquals / StringNotEquals: exact, case-sensitive. */
export const stringEquals: Comparator = textComparator(asIs, (a, b) => a === b)

/** StringEqualsIgnoreCase / StringNotEqualsIgnoreCase. */
export const stringEqualsIgnoreCase: Comparator = textComparator(
  (text) => text.toLowerCase(),
  (a, b) => a === b,
)

/** StringLike / StringNotLike: `*` and `?` wildcards, case-sensitive. */
export const stringLike: Comparator = {
  accepts: () => true,
  prepare(raw, resolve) {
    const pattern = resolve(raw)
    if (!pattern) return undefined
    const regExp = patternRegExp(pattern)
    return (requestValue) => regExp.test(requestValue)
  },
}
