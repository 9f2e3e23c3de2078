import { InvalidPasswordException, PasswordResetRequiredException } from '../../errors/cognito'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import { isBreachedPassword } from '../pools/password-policy'
import type { UserPoolServices } from '../services'
import type { LoadedUser } from '../store/directory'
import { updateUser } from '../store/users'
import { advancedSecurityMode } from './add-ons'
import { type AuthEventType, recordAuthEvent } from './auth-events'
import { effectiveRiskConfiguration } from './risk-configuration'
import type { CompromisedCredentialsEvent } from './risk-types'
import type { RequestSignals } from './signals'

/**
 * Whether a password is known to be breached: the shipped list, then the breach corpus's
 * k-anonymity range API where one is configured (`services.breachCorpus`, which fails open).
 */
export async function isCompromised(
  services: UserPoolServices,
  password: string,
): Promise<boolean> {
  if (isBreachedPassword(password)) return true
  return (await services.breachCorpus?.contains(password)) ?? false
}

const EVENT_TYPE: Record<CompromisedCredentialsEvent, AuthEventType> = {
  SIGN_IN: 'SignIn',
  SIGN_UP: 'SignUp',
  PASSWORD_CHANGE: 'PasswordChange',
}

/** What the configuration does with a compromised password at `event`: nothing, record, or block. */
async function responseTo(
  services: UserPoolServices,
  pool: UserPoolConfig,
  clientId: string | undefined,
  event: CompromisedCredentialsEvent,
): Promise<'off' | 'record' | 'block'> {
  const mode = advancedSecurityMode(pool)
  if (mode === 'OFF') return 'off'
  const config = (await effectiveRiskConfiguration(services, pool, clientId ?? 'ALL'))
    ?.CompromisedCredentialsRiskConfiguration
  if (config?.EventFilter && !config.EventFilter.includes(event)) return 'off'
  return mode === 'ENFORCED' && config?.Actions.EventAction === 'BLOCK' ? 'block' : 'record'
}

/**
 * Compromised credentials at a password sign-in (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH,
 * the hosted UI; SRP never sends the password), once the password is proven. Under ENFORCED with
 * BLOCK the user becomes RESET_REQUIRED and the sign-in fails with PasswordResetRequiredException,
 * as Cognito does; otherwise the detection is returned, for the sign-in's event.
 */
export async function checkCompromisedSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  loaded: LoadedUser,
  password: string,
  signals: RequestSignals | undefined,
): Promise<boolean> {
  const response = await responseTo(services, pool, client.ClientId, 'SIGN_IN')
  if (response === 'off' || !(await isCompromised(services, password))) return false
  if (response === 'record') return true
  await updateUser(services, pool, loaded, (stored) => ({ ...stored, status: 'RESET_REQUIRED' }))
  await recordCompromisedEvent(services, pool, loaded.user, 'SIGN_IN', signals)
  throw new PasswordResetRequiredException('Password reset required for the user')
}

/**
 * Compromised credentials where a password is chosen (sign-up; a change or reset is a
 * PASSWORD_CHANGE): refused with InvalidPasswordException under ENFORCED with BLOCK.
 */
export async function checkCompromisedNewPassword(
  services: UserPoolServices,
  pool: UserPoolConfig,
  clientId: string | undefined,
  event: 'SIGN_UP' | 'PASSWORD_CHANGE',
  password: string,
): Promise<void> {
  const response = await responseTo(services, pool, clientId, event)
  if (response !== 'block') return
  if (await isCompromised(services, password))
    throw new InvalidPasswordException(
      'Password did not conform with policy: Password appears in a list of breached passwords',
    )
}

async function recordCompromisedEvent(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  event: CompromisedCredentialsEvent,
  signals: RequestSignals | undefined,
): Promise<void> {
  await recordAuthEvent(services, pool, {
    eventId: crypto.randomUUID(),
    username: user.username,
    type: EVENT_TYPE[event],
    at: services.now(),
    response: 'Fail',
    decision: 'Block',
    reasons: [],
    compromisedCredentials: true,
    challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }],
    signals: signals ?? {},
  })
}
