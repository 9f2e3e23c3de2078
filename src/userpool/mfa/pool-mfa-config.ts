import { InvalidParameterException } from '../../errors/cognito'
import { checkMfaConfiguration, type MfaConfiguration } from './mfa-mode'
import type { UserPoolConfig } from '../model'
import { changePool } from '../store/pool-store'
import { requirePool } from '../store/pool-repository'
import type { UserPoolServices } from '../services'

export interface PoolMfaConfigInput {
  MfaConfiguration?: MfaConfiguration
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean }
  SmsMfaConfiguration?: unknown
  EmailMfaConfiguration?: unknown
  WebAuthnConfiguration?: unknown
}

/** GetUserPoolMfaConfig / SetUserPoolMfaConfig's answer. */
export function poolMfaConfig(pool: UserPoolConfig): {
  MfaConfiguration: MfaConfiguration
  SoftwareTokenMfaConfiguration: { Enabled: boolean }
} {
  return {
    MfaConfiguration: pool.MfaConfiguration,
    SoftwareTokenMfaConfiguration: { Enabled: pool.softwareTokenMfa === true },
  }
}

/** SetUserPoolMfaConfig: TOTP on or off and the pool's MFA mode; SMS, email and WebAuthn factors are refused. */
export async function setPoolMfaConfig(
  services: UserPoolServices,
  poolId: string,
  input: PoolMfaConfigInput,
): Promise<UserPoolConfig> {
  for (const [member, factor] of [
    ['SmsMfaConfiguration', 'SMS'],
    ['EmailMfaConfiguration', 'Email'],
    ['WebAuthnConfiguration', 'WebAuthn'],
  ] as const) {
    if (input[member] !== undefined)
      throw new InvalidParameterException(
        `${factor} MFA is not supported by this server; only SoftwareTokenMfaConfiguration (TOTP) is.`,
      )
  }
  await requirePool(services, poolId)
  return changePool(services, poolId, (pool) => {
    const softwareTokenMfa =
      input.SoftwareTokenMfaConfiguration?.Enabled ?? pool.softwareTokenMfa === true
    const mfa = input.MfaConfiguration ?? pool.MfaConfiguration
    checkMfaConfiguration(mfa, softwareTokenMfa)
    return { ...pool, MfaConfiguration: mfa, softwareTokenMfa }
  })
}
