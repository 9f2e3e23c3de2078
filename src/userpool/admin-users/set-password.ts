import { checkPasswordPolicy } from '../password-policy'
import { requireUser, updateUser } from '../directory'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

const DAY_MS = 86_400_000

/**
 * AdminSetUserPassword: a permanent password confirms the user; a temporary one puts the user in
 * FORCE_CHANGE_PASSWORD with a fresh expiry. Pending reset codes die with the old password.
 */
export async function adminSetUserPassword(services: UserPoolServices, pool: UserPoolConfig, username: string, password: string, permanent: boolean): Promise<void> {
  checkPasswordPolicy(password, pool.Policies.PasswordPolicy)
  const found = await requireUser(services, pool, username)
  const passwordHash = await services.hasher.hash(password)
  await updateUser(services, pool, found, (user) => {
    const { temporaryPasswordExpiresAt: _expired, ...rest } = user
    return permanent
      ? { ...rest, passwordHash, status: 'CONFIRMED', codes: user.codes.filter((c) => c.purpose !== 'FORGOT_PASSWORD'), failedSignIns: 0 }
      : { ...rest, passwordHash, status: 'FORCE_CHANGE_PASSWORD', temporaryPasswordExpiresAt: services.now() + pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays * DAY_MS }
  })
}
