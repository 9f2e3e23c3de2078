import type { Comparator } from './model'
import { textComparator } from './text-comparator'

const EPOCH_SECONDS = /^[+-]?\d+(\.\d+)?$/
// ISO 8601 dates and date-times; a date-time without a zone is read as UTC.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i

/** A date as milliseconds since the epoch: ISO 8601 text or epoch seconds. */
function parseDate(text: string): number | undefined {
  const trimmed = text.trim()
  if (EPOCH_SECONDS.test(trimmed)) return Number(trimmed) * 1000
  const match = ISO_8601.exec(trimmed)
  if (!match) return undefined
  const [, year, month, day, hour, minute, second, fraction, zone] = match
  const offset =
    zone && zone.toUpperCase() !== 'Z' ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z'
  const iso = `${year}-${month}-${day}T${hour ?? '00'}:${minute ?? '00'}:${second ?? '00'}${fraction ?? ''}${offset}`
  const millis = Date.parse(iso)
  return Number.isNaN(millis) ? undefined : millis
}

const date = (compare: (request: number, policy: number) => boolean): Comparator =>
  textComparator(parseDate, compare)

/** DateEquals (negated: DateNotEquals). */
export const dateEquals = date((a, b) => a === b)
export const dateLessThan = date((a, b) => a < b)
export const dateLessThanEquals = date((a, b) => a <= b)
export const dateGreaterThan = date((a, b) => a > b)
export const dateGreaterThanEquals = date((a, b) => a >= b)
