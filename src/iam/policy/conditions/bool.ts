import type { Comparator } from './model'
import { textComparator } from './text-comparator'

const parseBool = (text: string): string | undefined => {
  const lower = text.trim().toLowerCase()
  return lower === 'true' || lower === 'false' ? lower : undefined
}

/** Bool: `true`/`false`, in any case, against a boolean key such as `aws:SecureTransport`. */
export const bool: Comparator = textComparator(parseBool, (a, b) => a === b)
