import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import type { MfaFactor } from '../mfa/mfa-mode'
import { canUseFactor } from '../mfa/preferences'
import { checkSignInCode } from '../mfa/sign-in-codes'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import type { MessageContext } from '../triggers/custom-sender'
import type {
  AuthOutcome,
  AuthRequestContext,
  SecondFactorChallengeName,
  SessionChallenge,
} from './outcome'
import {
  afterSecondFactor,
  answeringSignInEvent,
  messageContext,
  secondFactorChallenge,
  stillSignable,
} from './second-factor'
import { openAuthSession } from './session'

/**
 * The second factor of an SMS_MFA or EMAIL_OTP sign-in (JSON API and hosted UI): the code sent
 * for this session, checked by the sign-in code module (single use, attempt-limited like a
 * password). Completes the sign-in's risk event with the outcome. Returns the signed-in user.
 */
export async function confirmCodeSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  challenge: 'SMS_MFA' | 'EMAIL_OTP',
  sealedSession: string | undefined,
  code: string | undefined,
): Promise<UserRecord> {
  const session = await openAuthSession(services, client, sealedSession, challenge)
  return answeringSignInEvent(services, pool, session, async () => {
    if (!code) throw new InvalidParameterException(`Missing required parameter ${challenge}_CODE`)
    if (!session.code)
      throw new NotAuthorizedException('Invalid session for the user, session is expired.')
    const { user } = await stillSignable(services, pool, session.username)
    return checkSignInCode(services, pool, user.username, session.code, code)
  })
}

/** RespondToAuthChallenge SMS_MFA (SMS_MFA_CODE) and EMAIL_OTP (EMAIL_OTP_CODE). */
export async function respondCodeMfa(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  challenge: 'SMS_MFA' | 'EMAIL_OTP',
  responses: Record<string, string>,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const { eventId, device } = await openAuthSession(services, client, sealedSession, challenge)
  const user = await confirmCodeSignIn(
    services,
    pool,
    client,
    challenge,
    sealedSession,
    responses[`${challenge}_CODE`],
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

/** ANSWER values of SELECT_MFA_TYPE (EMAIL_MFA is how the API reference spells the email one). */
const SELECTABLE: Record<string, MfaFactor> = {
  SMS_MFA: 'SMS_MFA',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA',
  EMAIL_OTP: 'EMAIL_OTP',
  EMAIL_MFA: 'EMAIL_OTP',
}

/**
 * The answer to SELECT_MFA_TYPE (JSON API and hosted UI): one of the factors offered, whose
 * challenge comes next (an SMS or email code is sent now). Anything else is refused and the
 * session stays good for another answer.
 */
export async function selectMfaFactor(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  sealedSession: string | undefined,
  answer: string | undefined,
  context: MessageContext = {},
): Promise<SessionChallenge<SecondFactorChallengeName>> {
  const session = await openAuthSession(services, client, sealedSession, 'SELECT_MFA_TYPE')
  if (!answer) throw new InvalidParameterException('Missing required parameter ANSWER')
  const factor = SELECTABLE[answer]
  if (!factor || !session.choices?.includes(factor))
    throw new InvalidParameterException(
      `ANSWER must be one of the factors offered: ${(session.choices ?? []).join(', ')}.`,
    )
  const { user } = await stillSignable(services, pool, session.username)
  if (!canUseFactor(user, factor))
    throw new NotAuthorizedException('Invalid session for the user, session is expired.')
  return secondFactorChallenge(
    services,
    pool,
    client,
    user,
    factor,
    { ...context, ...(session.eventId ? { eventId: session.eventId } : {}) },
    session.device,
  )
}

/** RespondToAuthChallenge SELECT_MFA_TYPE. */
export async function respondSelectMfaType(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  return selectMfaFactor(
    services,
    pool,
    client,
    sealedSession,
    responses.ANSWER,
    messageContext(context),
  )
}
