import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import { getUserByUsername, type LoadedUser } from '../store/directory'
import { openMfaSetupSession, sealMfaSetupSession } from '../mfa/setup-session'
import { useSoftwareTokenCode } from '../mfa/software-token'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import { type MfaFactor, poolFactors } from '../mfa/mfa-mode'
import { canUseFactor, enabledFactors, preferredFactor } from '../mfa/preferences'
import { issueSignInCode } from '../mfa/sign-in-codes'
import type { MessageContext } from '../triggers/custom-sender'
import type { UserPoolServices } from '../services'
import { reserveSignInAttempt } from './sign-in-guard'
import { issueSignInTokens } from '../tokens/issue-tokens'
import {
  type AuthOutcome,
  type AuthRequestContext,
  type SecondFactorChallengeName,
  type SessionChallenge,
  signInTriggers,
} from './outcome'
import { openAuthSession, sealAuthSession, type SessionDevice } from './session'
import { assessSignIn, completeSignInEvent, type RiskAction } from '../risk/assess-sign-in'
import { deviceStandsInForMfa } from '../devices/device-configuration'
import { deviceSrpChallenge } from '../devices/device-challenge'
import { presentedDevice } from '../devices/device-sign-in'
import { newDeviceFor } from '../devices/new-device'

/**
 * What a user who has proven their password still owes: nothing, a code of one factor, a choice
 * between factors (SELECT_MFA_TYPE), or setting one up (MFA_SETUP).
 */
export type SecondFactor = 'none' | MfaFactor | 'select' | 'setup'

/**
 * MFA as the pool asks for it. OFF: never. Otherwise the factors the user turned on (that the pool
 * offers and the user can still use): the preferred one, the only one, or a choice between them.
 * A user with none signs in under OPTIONAL; under ON, as in Cognito, a pool offering SMS (or
 * email) sends a code to a phone number (or verified email address) the user already has, a
 * choice when there are several, and a user with none must set a factor up before any token.
 */
export function secondFactorOf(pool: UserPoolConfig, user: UserRecord): SecondFactor {
  if (pool.MfaConfiguration === 'OFF') return 'none'
  const preferred = preferredFactor(pool, user)
  if (preferred) return preferred
  const owed = owedFactors(pool, user)
  if (owed.length === 1) return owed[0]!
  if (owed.length > 1) return 'select'
  return pool.MfaConfiguration === 'ON' ? 'setup' : 'none'
}

/**
 * The factors a user may answer with (and SELECT_MFA_TYPE offers): those they turned on, or under
 * MFA ON, when they turned none on, those the pool offers that they can receive.
 */
function owedFactors(pool: UserPoolConfig, user: UserRecord): MfaFactor[] {
  const enabled = enabledFactors(pool, user)
  if (enabled.length > 0 || pool.MfaConfiguration !== 'ON') return enabled
  return poolFactors(pool).filter((factor) => canUseFactor(user, factor))
}

/**
 * The pool as a sign-in sees it once adaptive authentication has spoken: as it is, unless it asks
 * nothing of this user and the risk calls for MFA. Then it asks what MFA ON would: a factor the
 * user can already receive (MFA_IF_CONFIGURED only when there is one), else, for MFA_REQUIRED,
 * setting one up.
 */
export function poolUnderRisk(
  pool: UserPoolConfig,
  user: UserRecord,
  action: RiskAction | undefined,
): UserPoolConfig {
  if (action === undefined || action === 'allow' || secondFactorOf(pool, user) !== 'none')
    return pool
  const usable = poolFactors(pool).filter((factor) => canUseFactor(user, factor))
  if (action === 'mfa-if-configured' && usable.length === 0) return pool
  return { ...pool, MfaConfiguration: 'ON' }
}

/**
 * Every factor proven: the sign-in's tokens (PostAuthentication and PreTokenGeneration on the way).
 * `deviceKey` is the known device that proved itself; without one, a pool that tracks devices
 * hands out a new device (NewDeviceMetadata) and binds the tokens to it.
 */
export async function signedIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  context: AuthRequestContext,
  deviceKey?: string,
): Promise<AuthOutcome> {
  const newDevice = deviceKey ? undefined : await newDeviceFor(services, pool, client, user)
  const result = await issueSignInTokens(
    services,
    pool,
    client,
    user,
    context.issuer,
    signInTriggers(context),
    deviceKey ?? newDevice?.DeviceKey,
  )
  return {
    kind: 'tokens',
    result: newDevice ? { ...result, NewDeviceMetadata: newDevice } : result,
  }
}

/**
 * The second factor answered: a known device that has not proven itself yet does so now (with
 * MFA behind it); otherwise the tokens, on the device the session carries if any.
 */
export async function afterSecondFactor(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  context: AuthRequestContext,
  device: SessionDevice | undefined,
): Promise<AuthOutcome> {
  if (device && !device.proven)
    return deviceSrpChallenge(services, client, user, { deviceKey: device.key }, true)
  return signedIn(services, pool, client, user, context, device?.key)
}

/**
 * How a passwordless first factor (a passkey, a sign-in code) was proven, where that matters to
 * MFA: `satisfiesMfa` when it stands for the second factor too (see USER_AUTH).
 */
export interface FirstFactorProof {
  satisfiesMfa: boolean
}

/** After the first factor: tokens, or the challenge of the second factor the user owes. */
export async function afterFirstFactor(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  context: AuthRequestContext,
  proof?: FirstFactorProof,
): Promise<AuthOutcome> {
  // A presented device is the sign-in's device id for the risk model; a remembered one is known.
  const device = await presentedDevice(services, pool, user, context.deviceKey)
  const signals = device ? { ...context.signals, deviceId: device.deviceKey } : context.signals
  const risk = await assessSignIn(services, pool, client, user, {
    ...(signals ? { signals } : {}),
    ...(context.compromisedCredentials ? { compromisedCredentials: true } : {}),
    ...(context.riskFlow ? { flow: context.riskFlow } : {}),
    ...(device?.remembered ? { knownDevices: [device.deviceKey] } : {}),
    issuer: context.issuer,
  })
  const asked = poolUnderRisk(pool, user, risk?.action)
  // A passkey verified as the pool asks stands for the second factor too (see USER_AUTH).
  const factor = proof?.satisfiesMfa ? 'none' : secondFactorOf(asked, user)
  const eventId = risk?.eventId
  const signIn = { ...context, ...(eventId ? { eventId } : {}) }
  // A known device proves itself by its SRP exchange: first, where it stands in for the factor
  // owed (or none is owed); after that factor otherwise.
  if (device && (factor === 'none' || (factor !== 'setup' && deviceStandsInForMfa(pool, device))))
    return deviceSrpChallenge(services, client, user, device, factor === 'none')
  if (factor === 'none') return signedIn(services, pool, client, user, signIn)
  const pending = device
    ? { key: device.deviceKey, proven: false, secondFactorDone: false }
    : undefined
  return secondFactorChallenge(
    services,
    asked,
    client,
    user,
    factor,
    { ...messageContext(context), ...(eventId ? { eventId } : {}) },
    pending,
  )
}

/** What a code message's trigger event says of the sign-in that sends it. */
export function messageContext(context: AuthRequestContext): MessageContext {
  return {
    ...(context.caller ? { caller: context.caller } : {}),
    ...(context.clientMetadata ? { clientMetadata: context.clientMetadata } : {}),
  }
}

/**
 * The challenge, and its sealed Session, for the second factor a user owes (JSON API and hosted
 * UI). SMS_MFA and EMAIL_OTP send a code now, valid as long as the session (AuthSessionValidity,
 * Cognito's 3 minutes by default), and say where it went, masked. `device` is the known device
 * the sign-in presented, carried in the session to prove itself once the factor is answered.
 */
export async function secondFactorChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  factor: Exclude<SecondFactor, 'none'>,
  context: MessageContext & { eventId?: string } = {},
  device?: SessionDevice,
): Promise<SessionChallenge<SecondFactorChallengeName>> {
  const { eventId: riskEventId, ...message } = context
  const carried = {
    ...(riskEventId ? { eventId: riskEventId } : {}),
    ...(device ? { device } : {}),
  }
  switch (factor) {
    case 'SOFTWARE_TOKEN_MFA':
      return {
        kind: 'challenge',
        challengeName: 'SOFTWARE_TOKEN_MFA',
        parameters: { USER_ID_FOR_SRP: user.username },
        session: await sealAuthSession(
          services,
          client,
          'SOFTWARE_TOKEN_MFA',
          user.username,
          carried,
        ),
      }
    case 'SMS_MFA':
    case 'EMAIL_OTP': {
      const medium = factor === 'SMS_MFA' ? 'SMS' : 'EMAIL'
      const { ticket, delivery } = await issueSignInCode(
        services,
        pool,
        user.username,
        medium,
        client.AuthSessionValidity,
        message,
      )
      return {
        kind: 'challenge',
        challengeName: factor,
        parameters: {
          CODE_DELIVERY_DELIVERY_MEDIUM: delivery.DeliveryMedium,
          CODE_DELIVERY_DESTINATION: delivery.Destination,
          USER_ID_FOR_SRP: user.username,
        },
        session: await sealAuthSession(services, client, factor, user.username, {
          code: ticket,
          ...carried,
        }),
      }
    }
    case 'select': {
      const choices = owedFactors(pool, user)
      return {
        kind: 'challenge',
        challengeName: 'SELECT_MFA_TYPE',
        parameters: { MFAS_CAN_CHOOSE: JSON.stringify(choices), USER_ID_FOR_SRP: user.username },
        session: await sealAuthSession(services, client, 'SELECT_MFA_TYPE', user.username, {
          choices,
          ...carried,
        }),
      }
    }
    case 'setup':
      return {
        kind: 'challenge',
        challengeName: 'MFA_SETUP',
        parameters: {
          MFAS_CAN_SETUP: JSON.stringify(poolFactors(pool)),
          USER_ID_FOR_SRP: user.username,
        },
        session: await sealMfaSetupSession(
          services,
          {
            poolId: pool.Id,
            clientId: client.ClientId,
            username: user.username,
            stage: 'associate',
            ...carried,
          },
          client.AuthSessionValidity,
        ),
      }
  }
}

/** The user behind a second-factor session, still allowed to sign in. */
export async function stillSignable(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<LoadedUser> {
  const loaded = await getUserByUsername(services, pool, username)
  if (!loaded?.user.enabled || loaded.user.status !== 'CONFIRMED')
    throw new NotAuthorizedException('Invalid session for the user, session is expired.')
  return loaded
}

/**
 * The second factor of a SOFTWARE_TOKEN_MFA sign-in (JSON API and hosted UI): a code from the
 * user's authenticator, each usable once. A code is an attempt at the account like a password:
 * reserved before it is checked and a failure unless right, so whoever knows the password still
 * cannot guess on, not even in a burst. Completes the sign-in's risk event with the outcome.
 * Returns the signed-in user.
 */
export async function confirmSoftwareTokenSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  sealedSession: string | undefined,
  code: string | undefined,
): Promise<UserRecord> {
  const session = await openAuthSession(services, client, sealedSession, 'SOFTWARE_TOKEN_MFA')
  return answeringSignInEvent(services, pool, session, async () => {
    if (!code)
      throw new InvalidParameterException('Missing required parameter SOFTWARE_TOKEN_MFA_CODE')
    const { user } = await stillSignable(services, pool, session.username)
    const attempt = await reserveSignInAttempt(services, pool, user.username)
    const signedIn = await useSoftwareTokenCode(services, pool, user.username, code)
    await attempt.succeeded()
    return signedIn
  })
}

/**
 * Checks a second-factor answer with `check` and completes the sign-in's risk event with the
 * outcome (completeSignInEvent), for the JSON API and the hosted UI alike.
 */
export async function answeringSignInEvent(
  services: UserPoolServices,
  pool: UserPoolConfig,
  session: { username: string; eventId?: string },
  check: () => Promise<UserRecord>,
): Promise<UserRecord> {
  let user: UserRecord
  try {
    user = await check()
  } catch (error) {
    await completeSignInEvent(services, pool, session.username, session.eventId, 'Failure')
    throw error
  }
  await completeSignInEvent(services, pool, user.username, session.eventId, 'Success')
  return user
}

/** RespondToAuthChallenge SOFTWARE_TOKEN_MFA. */
export async function respondSoftwareTokenMfa(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const { eventId, device } = await openAuthSession(
    services,
    client,
    sealedSession,
    'SOFTWARE_TOKEN_MFA',
  )
  const user = await confirmSoftwareTokenSignIn(
    services,
    pool,
    client,
    sealedSession,
    responses.SOFTWARE_TOKEN_MFA_CODE,
  )
  return afterSecondFactor(
    services,
    pool,
    client,
    user,
    { ...context, ...(eventId ? { eventId } : {}) },
    device,
  )
}

/**
 * The end of an MFA_SETUP sign-in, once VerifySoftwareToken has accepted the new authenticator
 * (JSON API and hosted UI): its risk event passes; the signed-in user.
 */
export async function completeMfaSetup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  sealedSession: string | undefined,
): Promise<UserRecord> {
  const session = await openMfaSetupSession(services, sealedSession, 'verified')
  if (session.poolId !== pool.Id || session.clientId !== client.ClientId)
    throw new NotAuthorizedException('Invalid session for the user, session is expired.')
  const { user } = await stillSignable(services, pool, session.username)
  await completeSignInEvent(services, pool, user.username, session.eventId, 'Success')
  return user
}

/** RespondToAuthChallenge MFA_SETUP. */
export async function respondMfaSetup(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const user = await completeMfaSetup(services, pool, client, sealedSession)
  const { eventId, device } = await openMfaSetupSession(services, sealedSession, 'verified')
  // A device the sign-in presented is kept: it proves itself now, with the new factor behind it.
  return afterSecondFactor(
    services,
    pool,
    client,
    user,
    { ...context, ...(eventId ? { eventId } : {}) },
    device,
  )
}
