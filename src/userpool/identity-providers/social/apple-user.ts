/**
 * The name in Sign in with Apple's `user` form field, which Apple posts beside the code on the
 * user's first authorization only (`{"name":{"firstName":…,"lastName":…},"email":…}`), as the
 * claims Cognito maps from Apple: `firstName`, `lastName` and `name`. Nothing else of it is taken
 * (the email comes signed, in the ID token), and anything that is not that shape gives nothing.
 */
export function appleFirstSignInClaims(user: string | undefined): Record<string, string> {
  if (!user || user.length > 4096) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(user)
  } catch {
    return {}
  }
  const name =
    typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown }).name : undefined
  if (typeof name !== 'object' || name === null) return {}
  const part = (key: string) => {
    const value = (name as Record<string, unknown>)[key]
    return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 256) : undefined
  }
  const firstName = part('firstName')
  const lastName = part('lastName')
  const full = [firstName, lastName].filter(Boolean).join(' ')
  return {
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(full ? { name: full } : {}),
  }
}
