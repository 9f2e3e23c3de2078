import type { TargetTable } from '../../target'
import { adminGetUserAuthFactors } from './admin-get-user-auth-factors'
import { adminSetUserMfaPreference } from './admin-set-user-mfa-preference'
import { adminSetUserSettings } from './admin-set-user-settings'
import { associateSoftwareToken } from './associate-software-token'
import { getUserAuthFactors } from './get-user-auth-factors'
import { getUserPoolMfaConfig } from './get-user-pool-mfa-config'
import { setUserMfaPreference } from './set-user-mfa-preference'
import { setUserPoolMfaConfig } from './set-user-pool-mfa-config'
import { setUserSettings } from './set-user-settings'
import { verifySoftwareToken } from './verify-software-token'

/** Multi-factor authentication: codes by SMS and email, and TOTP authenticators. */
export const mfaTargets: TargetTable = {
  SetUserPoolMfaConfig: setUserPoolMfaConfig,
  GetUserPoolMfaConfig: getUserPoolMfaConfig,
  AssociateSoftwareToken: associateSoftwareToken,
  VerifySoftwareToken: verifySoftwareToken,
  SetUserMFAPreference: setUserMfaPreference,
  AdminSetUserMFAPreference: adminSetUserMfaPreference,
  GetUserAuthFactors: getUserAuthFactors,
  AdminGetUserAuthFactors: adminGetUserAuthFactors,
  SetUserSettings: setUserSettings,
  AdminSetUserSettings: adminSetUserSettings,
}
