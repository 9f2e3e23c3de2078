import { InvalidPasswordException } from '../../errors/cognito'
import type { PasswordPolicy } from '../model'
import { effectiveMinimumLength } from './pools'

/** Cognito's special characters for RequireSymbols. */
const SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- '

/** Passwords longer than this are refused rather than truncated (the model allows 256). */
export const MAX_PASSWORD_LENGTH = 256

/**
 * A small list of passwords seen in every breach corpus. Checked case-insensitively; a pool's
 * policy cannot allow them (NIST 800-63B rev 4 §3.1.1.2 blocklist).
 */
const BREACHED = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword1',
  'password!',
  'password1!',
  'password123!',
  'qwerty123',
  'qwerty1234',
  'qwertyuiop',
  'qwerty123!',
  '12345678',
  '123456789',
  '1234567890',
  'iloveyou1',
  'letmein1',
  'letmein123',
  'welcome1',
  'welcome123',
  'welcome1!',
  'admin123',
  'admin1234',
  'abc12345',
  'abcd1234',
  'changeme',
  'changeme1',
  'changeme123',
  'trustno1',
  'football1',
  'baseball1',
  'sunshine1',
  'princess1',
  'dragon123',
  'monkey123',
  'master123',
  'superman1',
  'starwars1',
  'whatever1',
  'p@ssw0rd1',
  'p@ssw0rd!',
  'passw0rd!',
  'summer2024!',
  'winter2024!',
  'spring2025!',
  'autumn2025!',
  'summer2025!',
  'winter2025!',
  'summer2026!',
  'winter2026!',
  'aa123456',
  'qwe123qwe',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'zaq12wsx',
  'zaq1@wsx',
  '!qaz2wsx',
  '1qaz2wsx',
  'qazwsx123',
  'asdf1234',
  'asdfghjkl',
  'test1234',
  'test@123',
  'hello123',
])

/** Whether a password is on the shipped list of breached passwords (compared case-insensitively). */
export const isBreachedPassword = (password: string): boolean =>
  BREACHED.has(password.toLowerCase())

/** Checks a new password against the pool's policy and the breached list; throws InvalidPasswordException. */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy): void {
  const length = [...password].length
  const minimum = effectiveMinimumLength(policy)
  if (length < minimum)
    throw new InvalidPasswordException(
      `Password did not conform with policy: Password not long enough`,
    )
  if (length > MAX_PASSWORD_LENGTH)
    throw new InvalidPasswordException('Password did not conform with policy: Password is too long')
  if (policy.RequireLowercase && !/\p{Ll}/u.test(password))
    throw new InvalidPasswordException(
      'Password did not conform with policy: Password must have lowercase characters',
    )
  if (policy.RequireUppercase && !/\p{Lu}/u.test(password))
    throw new InvalidPasswordException(
      'Password did not conform with policy: Password must have uppercase characters',
    )
  if (policy.RequireNumbers && !/[0-9]/.test(password))
    throw new InvalidPasswordException(
      'Password did not conform with policy: Password must have numeric characters',
    )
  if (policy.RequireSymbols && ![...password].some((c) => SYMBOLS.includes(c)))
    throw new InvalidPasswordException(
      'Password did not conform with policy: Password must have symbol characters',
    )
  if (BREACHED.has(password.toLowerCase()))
    throw new InvalidPasswordException(
      'Password did not conform with policy: Password appears in a list of breached passwords',
    )
}
