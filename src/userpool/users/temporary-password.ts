import { randomString } from '../../crypto/random'
import type { PasswordPolicy } from '../model'
import { effectiveMinimumLength } from '../pools/pools'

// Look-alike characters (l, 1, I, O, 0) are left out: people type temporary passwords from a message.
const LOWER = 'abcdefghijkmnopqrstuvwxyz'
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const DIGITS = '23456789'
const SYMBOLS = '^$*.[]{}()?!@#%&/,><:;|_~=+-'
const ALL = LOWER + UPPER + DIGITS + SYMBOLS
/** Never shorter than this, whatever the policy's minimum. */
const FLOOR = 12

/**
 * A random temporary password that satisfies any policy of the pool: at least the policy's length,
 * one character of every class (so every Require* flag holds), the rest uniform over all classes,
 * then shuffled so the required classes do not sit at fixed positions.
 */
export function generateTemporaryPassword(policy: PasswordPolicy): string {
  const length = Math.max(effectiveMinimumLength(policy), FLOOR)
  const chars = [
    ...randomString(1, LOWER),
    ...randomString(1, UPPER),
    ...randomString(1, DIGITS),
    ...randomString(1, SYMBOLS),
    ...randomString(length - 4, ALL),
  ]
  for (let i = chars.length - 1; i > 0; i--) {
    const j = uniformBelow(i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}

/** A uniform integer in [0, bound) by rejection sampling (bound ≤ 2^16). */
function uniformBelow(bound: number): number {
  const limit = 65536 - (65536 % bound)
  const sample = new Uint16Array(1)
  for (;;) {
    crypto.getRandomValues(sample)
    if (sample[0]! < limit) return sample[0]! % bound
  }
}
