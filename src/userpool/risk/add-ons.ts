import { UserPoolAddOnNotEnabledException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'

/** UserPoolAddOnsType.AdvancedSecurityMode: threat protection off, recording only, or acting. */
export type AdvancedSecurityMode = 'OFF' | 'AUDIT' | 'ENFORCED'

/** UserPoolAddOnsType as CreateUserPool and UpdateUserPool take it (kept in the pool's `Extra`). */
export interface UserPoolAddOns {
  AdvancedSecurityMode: AdvancedSecurityMode
  AdvancedSecurityAdditionalFlows?: { CustomAuthMode?: 'AUDIT' | 'ENFORCED' }
}

/** The pool's threat-protection mode for standard sign-ins (password and SRP); OFF when never set. */
export function advancedSecurityMode(pool: UserPoolConfig): AdvancedSecurityMode {
  const addOns = pool.Extra.UserPoolAddOns as UserPoolAddOns | undefined
  return addOns?.AdvancedSecurityMode ?? 'OFF'
}

/**
 * The mode for a sign-in by `flow`: custom authentication follows AdvancedSecurityAdditionalFlows
 * (off unless set), every other flow the pool's mode.
 */
export function securityModeFor(
  pool: UserPoolConfig,
  flow: 'standard' | 'custom',
): AdvancedSecurityMode {
  const mode = advancedSecurityMode(pool)
  if (flow === 'standard' || mode === 'OFF') return mode
  const addOns = pool.Extra.UserPoolAddOns as UserPoolAddOns | undefined
  return addOns?.AdvancedSecurityAdditionalFlows?.CustomAuthMode ?? 'OFF'
}

/** Refuses an operation that needs threat protection on, as Cognito does. */
export function requireAdvancedSecurity(pool: UserPoolConfig): void {
  if (advancedSecurityMode(pool) === 'OFF')
    throw new UserPoolAddOnNotEnabledException(
      'Advanced security features are not enabled for this user pool.',
    )
}
