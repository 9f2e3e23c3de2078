import { randomString } from '../../crypto/random'
import type { PasswordPolicy } from '../model'
import { effectiveMinimumLength } from '../pools'

const LOWER = 'abcdefghijkmnopqrstuvwxyz'
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const DIGITS = '23456789'
const SYMBOLS = '^$*.[]{}()?!@#%&/,><:;|_~=+-'

/** A random temporary password that satisfies the pool's policy (one of each class, then mixed). */
export function generateTemporaryPassword(policy: PasswordPolicy): string {
  const length = Math.max(effectiveMinimumLength(policy), 12)
  const required = [randomString(1, LOWER), randomString(1, UPPER), randomString(1, DIGITS), randomString(1, SYMBOLS)]
  const rest = randomString(length - required.length, LOWER + UPPER + DIGITS + SYMBOLS)
  const chars = [...required, ...rest]
  // Shuffle so the required classes are not always at the front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Number.parseInt(randomString(2, '0123456789'), 10) % (i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}
