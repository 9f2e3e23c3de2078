import { InvalidParameterException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'
import { checkMfaConfiguration, poolFactors } from './mfa-mode'

type Factors = Pick<UserPoolConfig, 'smsMfa' | 'emailMfa' | 'softwareTokenMfa'>
type PoolSettings = Pick<UserPoolConfig, 'MfaConfiguration' | 'Extra'>

const NO_FACTORS: Factors = {}

/** The pool can send SMS: its SmsConfiguration names an SNS role, as Cognito requires of SMS MFA. */
export function canSendSms(extra: Record<string, unknown>): boolean {
  const sms = extra.SmsConfiguration as { SnsCallerArn?: unknown } | undefined
  return typeof sms?.SnsCallerArn === 'string' && sms.SnsCallerArn !== ''
}

/** The pool can send email MFA: its own email (DEVELOPER) on a plan above LITE. */
export function canSendMfaEmail(extra: Record<string, unknown>): boolean {
  const account = (extra.EmailConfiguration as { EmailSendingAccount?: unknown } | undefined)
    ?.EmailSendingAccount
  return account === 'DEVELOPER' && extra.UserPoolTier !== 'LITE'
}

/**
 * The second factors a pool offers after CreateUserPool (`before` undefined) or UpdateUserPool
 * replaces its settings. In Cognito the SMS factor's SNS role and text are the pool's own
 * SmsConfiguration and SmsAuthenticationMessage, the same members SetUserPoolMfaConfig sets, so
 * the three operations agree here:
 *
 * - MfaConfiguration ON or OPTIONAL at creation makes SMS MFA the factor, and needs an
 *   SmsConfiguration in the same request (the only factor CreateUserPool can configure).
 * - An update that keeps MFA ON or OPTIONAL while SMS MFA is on (or names no other factor) must
 *   carry the SmsConfiguration again; leaving it out is refused rather than silently keeping a
 *   factor the pool could no longer send. Likewise email MFA needs its EmailConfiguration.
 * - An update that turns MFA OFF and leaves a factor's configuration out turns that factor off.
 *
 * Omitted SmsAuthenticationMessage returns to the default text, as every UpdateUserPool member does.
 */
export function factorsAfterPoolSettings(
  before: Factors | undefined,
  settings: PoolSettings,
): Factors {
  const current = before ?? NO_FACTORS
  const mfaOn = settings.MfaConfiguration !== 'OFF'
  const smsWanted = current.smsMfa === true || (mfaOn && poolFactors(current).length === 0)
  const smsSendable = canSendSms(settings.Extra)
  if (mfaOn && smsWanted && !smsSendable)
    throw new InvalidParameterException(
      before
        ? 'SMS configuration is required while SMS MFA is on and MfaConfiguration is ON or OPTIONAL: send the pool’s SmsConfiguration with an SnsCallerArn, or set MfaConfiguration OFF.'
        : 'SMS configuration is required when MfaConfiguration is ON or OPTIONAL: give SmsConfiguration an SnsCallerArn (CreateUserPool configures only SMS MFA; use SetUserPoolMfaConfig for TOTP or email).',
    )
  const emailSendable = canSendMfaEmail(settings.Extra)
  if (mfaOn && current.emailMfa && !emailSendable)
    throw new InvalidParameterException(
      'Email MFA is on and MfaConfiguration is ON or OPTIONAL: send the pool’s EmailConfiguration with EmailSendingAccount DEVELOPER, or set MfaConfiguration OFF.',
    )
  const factors: Factors = {
    ...(smsWanted && smsSendable ? { smsMfa: true } : {}),
    ...(current.emailMfa && emailSendable ? { emailMfa: current.emailMfa } : {}),
    ...(current.softwareTokenMfa !== undefined
      ? { softwareTokenMfa: current.softwareTokenMfa }
      : {}),
  }
  checkMfaConfiguration(settings.MfaConfiguration, poolFactors(factors).length)
  return factors
}
