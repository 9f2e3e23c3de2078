import { FeatureUnavailableInTierException, InvalidParameterException } from '../../errors/cognito'
import { checkMfaConfiguration, type MfaConfiguration, poolFactors } from './mfa-mode'
import { canSendSms } from './pool-settings-factors'
import type { UserPoolConfig, WebAuthnConfiguration } from '../model'
import { changePool } from '../store/pool-store'
import { requirePool } from '../store/pool-repository'
import type { UserPoolServices } from '../services'

/** SmsConfigurationType: the SNS role Cognito would send through (kept and echoed; Portcullis sends through its own delivery). */
interface SmsConfiguration {
  SnsCallerArn?: string
  ExternalId?: string
  SnsRegion?: string
}

export interface PoolMfaConfigInput {
  MfaConfiguration?: MfaConfiguration
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean }
  SmsMfaConfiguration?: { SmsAuthenticationMessage?: string; SmsConfiguration?: SmsConfiguration }
  EmailMfaConfiguration?: { Message?: string; Subject?: string }
  WebAuthnConfiguration?: Partial<WebAuthnConfiguration>
}

const smsConfigurationOf = (pool: UserPoolConfig): SmsConfiguration | undefined =>
  pool.Extra.SmsConfiguration as SmsConfiguration | undefined

/** GetUserPoolMfaConfig / SetUserPoolMfaConfig's answer: the factors the pool offers and their text. */
export function poolMfaConfig(pool: UserPoolConfig): {
  MfaConfiguration: MfaConfiguration
  SoftwareTokenMfaConfiguration: { Enabled: boolean }
  SmsMfaConfiguration?: { SmsAuthenticationMessage?: string; SmsConfiguration?: SmsConfiguration }
  EmailMfaConfiguration?: { Message?: string; Subject?: string }
  WebAuthnConfiguration: WebAuthnConfiguration
} {
  const smsMessage = pool.Extra.SmsAuthenticationMessage
  const smsConfiguration = smsConfigurationOf(pool)
  return {
    MfaConfiguration: pool.MfaConfiguration,
    SoftwareTokenMfaConfiguration: { Enabled: pool.softwareTokenMfa === true },
    ...(pool.smsMfa
      ? {
          SmsMfaConfiguration: {
            ...(typeof smsMessage === 'string' ? { SmsAuthenticationMessage: smsMessage } : {}),
            ...(smsConfiguration ? { SmsConfiguration: smsConfiguration } : {}),
          },
        }
      : {}),
    ...(pool.emailMfa ? { EmailMfaConfiguration: { ...pool.emailMfa } } : {}),
    WebAuthnConfiguration: { UserVerification: 'preferred', ...pool.webAuthn },
  }
}

/**
 * SetUserPoolMfaConfig. As in Cognito, the SMS and email factors are on exactly when their
 * configuration is in the request (a request without SmsMfaConfiguration turns SMS MFA off);
 * SoftwareTokenMfaConfiguration left out keeps TOTP as it was. Like Cognito, each factor needs a
 * pool that could send it: SMS an SmsConfiguration with an SnsCallerArn (in the request or already
 * on the pool), email an EmailConfiguration with EmailSendingAccount DEVELOPER and a tier above
 * LITE. Portcullis keeps and echoes them but delivers through its own configured message delivery.
 * WebAuthnConfiguration sets the relying party and user verification of the pool's passkeys.
 */
export async function setPoolMfaConfig(
  services: UserPoolServices,
  poolId: string,
  input: PoolMfaConfigInput,
): Promise<UserPoolConfig> {
  await requirePool(services, poolId)
  return changePool(services, poolId, (pool) => {
    const softwareTokenMfa =
      input.SoftwareTokenMfaConfiguration?.Enabled ?? pool.softwareTokenMfa === true
    const sms = input.SmsMfaConfiguration
    const smsConfiguration = sms?.SmsConfiguration ?? smsConfigurationOf(pool)
    if (sms && !canSendSms({ SmsConfiguration: smsConfiguration }))
      throw new InvalidParameterException(
        'SMS configuration is required for SMS MFA: give SmsMfaConfiguration.SmsConfiguration an SnsCallerArn.',
      )
    const email = input.EmailMfaConfiguration
    if (email) checkEmailSending(pool)
    const next: UserPoolConfig = {
      ...pool,
      softwareTokenMfa,
      smsMfa: sms !== undefined,
      Extra: {
        ...pool.Extra,
        ...(sms?.SmsConfiguration ? { SmsConfiguration: sms.SmsConfiguration } : {}),
        ...(sms?.SmsAuthenticationMessage
          ? { SmsAuthenticationMessage: sms.SmsAuthenticationMessage }
          : {}),
      },
    }
    if (email) next.emailMfa = { ...email }
    else delete next.emailMfa
    const mfa = input.MfaConfiguration ?? pool.MfaConfiguration
    checkMfaConfiguration(mfa, poolFactors(next).length)
    const webAuthn = input.WebAuthnConfiguration
      ? { UserVerification: 'preferred' as const, ...input.WebAuthnConfiguration }
      : pool.webAuthn
    return { ...next, MfaConfiguration: mfa, ...(webAuthn ? { webAuthn } : {}) }
  })
}

/** Email MFA as Cognito allows it: the pool sends its own email (DEVELOPER) and is not on the LITE plan. */
function checkEmailSending(pool: UserPoolConfig): void {
  if (pool.Extra.UserPoolTier === 'LITE')
    throw new FeatureUnavailableInTierException(
      'Email MFA is not available in the LITE feature plan: choose ESSENTIALS or PLUS.',
    )
  const account = (pool.Extra.EmailConfiguration as { EmailSendingAccount?: unknown } | undefined)
    ?.EmailSendingAccount
  if (account !== 'DEVELOPER')
    throw new InvalidParameterException(
      'Email MFA requires the user pool to send email with its own configuration: set EmailConfiguration.EmailSendingAccount to DEVELOPER.',
    )
}
