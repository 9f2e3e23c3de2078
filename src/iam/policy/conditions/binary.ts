import type { Comparator } from './model'
import { textComparator } from './text-comparator'

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

// Compared as decoded bytes so that two spellings of the same bytes are equal.
const decode = (text: string): string | undefined => {
  const compact = text.replace(/\s+/g, '')
  return compact && BASE64.test(compact) ? atob(compact) : undefined
}

/** BinaryEquals: base64 values, compared byte for byte. */
export const binaryEquals: Comparator = textComparator(decode, (a, b) => a === b)
