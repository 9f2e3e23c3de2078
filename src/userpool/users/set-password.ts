import { saveChange, withFreshUser } from '../store/users'
import type { UserPoolConfig } from '../model'
import { checkPasswordPolicy } from '../pools/password-policy'
import { checkCompromisedNewPassword } from '../risk/compromised-credentials'
import type { UserPoolServices } from '../services'
import { clearLockout } from '../auth/sign-in-guard'
import { sealSrpVerifier } from '../auth/srp-verifier'

const DAY_MS = 86_400_000

/** When a temporary password set now stops working (the policy's TemporaryPasswordValidityDays). */
export function temporaryPasswordExpiry(services: UserPoolServices, pool: UserPoolConfig): number {
  return services.now() + pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays * DAY_MS
}

/**
 * AdminSetUserPassword: a permanent password confirms the user, lifts a lockout and, like any
 * password reset, ends every session begun before it (pending reset codes die with the old
 * password); a temporary one puts the user in FORCE_CHANGE_PASSWORD with a fresh expiry. Either
 * is refused when known to be breached where threat protection blocks compromised PASSWORD_CHANGE.
 */
export async function adminSetUserPassword(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  password: string,
  permanent: boolean,
): Promise<void> {
  checkPasswordPolicy(password, pool.Policies.PasswordPolicy)
  // An administrator choosing a user's password is a password change for threat protection.
  await checkCompromisedNewPassword(services, pool, undefined, 'PASSWORD_CHANGE', password)
  const passwordHash = await services.hasher.hash(password)
  const saved = await withFreshUser(services, pool, username, async (found) => {
    const srpVerifier = await sealSrpVerifier(services, pool, found.user.username, password)
    return saveChange(services, pool, found, (user) => {
      const { temporaryPasswordExpiresAt: _old, ...rest } = user
      return permanent
        ? {
            ...rest,
            passwordHash,
            srpVerifier,
            status: 'CONFIRMED',
            codes: user.codes.filter((c) => c.purpose !== 'FORGOT_PASSWORD'),
            tokensValidAfter: services.now(),
          }
        : {
            ...rest,
            passwordHash,
            srpVerifier,
            status: 'FORCE_CHANGE_PASSWORD',
            temporaryPasswordExpiresAt: temporaryPasswordExpiry(services, pool),
          }
    })
  })
  if (permanent) await clearLockout(services, pool, saved.user.username)
}
