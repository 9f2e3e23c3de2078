import { InvalidParameterException } from '../../errors/cognito'
import { checkMfaConfiguration, type MfaConfiguration } from './mfa-mode'
import type { UserPoolConfig, WebAuthnConfiguration } from '../model'
import { changePool } from '../store/pool-store'
import { requirePool } from '../store/pool-repository'
import type { UserPoolServices } from '../services'

export interface PoolMfaConfigInput {
  MfaConfiguration?: MfaConfiguration
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean }
  SmsMfaConfiguration?: unknown
  EmailMfaConfiguration?: unknown
  WebAuthnConfiguration?: Partial<WebAuthnConfiguration>
}

/** GetUserPoolMfaConfig / SetUserPoolMfaConfig's answer. */
export function poolMfaConfig(pool: UserPoolConfig): {
  MfaConfiguration: MfaConfiguration
  SoftwareTokenMfaConfiguration: { Enabled: boolean }
  WebAuthnConfiguration: WebAuthnConfiguration
} {
  return {
    MfaConfiguration: pool.MfaConfiguration,
    SoftwareTokenMfaConfiguration: { Enabled: pool.softwareTokenMfa === true },
    WebAuthnConfiguration: { UserVerification: 'preferred', ...pool.webAuthn },
  }
}

/** SetUserPoolMfaConfig: TOTP on or off, the pool's MFA mode and its passkeys' WebAuthnConfiguration; SMS and email factors are refused. */
export async function setPoolMfaConfig(
  services: UserPoolServices,
  poolId: string,
  input: PoolMfaConfigInput,
): Promise<UserPoolConfig> {
  for (const [member, factor] of [
    ['SmsMfaConfiguration', 'SMS'],
    ['EmailMfaConfiguration', 'Email'],
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
    const webAuthn = input.WebAuthnConfiguration
      ? { UserVerification: 'preferred' as const, ...input.WebAuthnConfiguration }
      : pool.webAuthn
    return { ...pool, MfaConfiguration: mfa, softwareTokenMfa, ...(webAuthn ? { webAuthn } : {}) }
  })
}
