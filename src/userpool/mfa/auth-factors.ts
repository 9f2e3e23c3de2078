import type { UserRecord } from '../model'
import { mfaSettingsOf } from './preferences'

/** GetUserAuthFactors / AdminGetUserAuthFactors: the user's sign-in factors (a password) and MFA settings. */
export function authFactorsOf(user: UserRecord): {
  Username: string
  ConfiguredUserAuthFactors: 'PASSWORD'[]
  UserMFASettingList: string[]
  PreferredMfaSetting?: string
} {
  return {
    Username: user.username,
    ConfiguredUserAuthFactors: user.passwordHash ? ['PASSWORD'] : [],
    ...mfaSettingsOf(user),
  }
}
