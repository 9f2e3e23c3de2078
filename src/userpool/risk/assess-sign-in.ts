import { NotAuthorizedException } from '../../errors/cognito'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { securityModeFor } from './add-ons'
import { addressFailedAccounts, FAILURE_WINDOW_MS, recordAddressFailure } from './address-failures'
import { type AuthEvent, listAuthEvents, recordAuthEvent, updateAuthEvent } from './auth-events'
import { inAnyRange } from './ip-ranges'
import { notifyUser } from './notify'
import { effectiveRiskConfiguration } from './risk-configuration'
import { assessRisk, type RiskAssessment } from './risk-model'
import type { LevelAction, RiskConfiguration } from './risk-types'
import type { RequestSignals } from './signals'

/** Cognito's answer to a sign-in that threat protection blocks. */
export const BLOCKED_MESSAGE = 'Unable to login because of security reasons.'

/** What the sign-in must do after the risk decision: nothing more, a second factor if the user has one, a second factor regardless. */
export type RiskAction = 'allow' | 'mfa-if-configured' | 'mfa-required'

/** The decision on a sign-in that got past its first factor, and the event that records it. */
export interface SignInRisk {
  eventId: string
  action: RiskAction
}

/** What a sign-in step knows of where it comes from, for threat protection. */
export interface RiskContext {
  signals?: RequestSignals
  /** Custom authentication follows AdvancedSecurityAdditionalFlows. */
  flow?: 'standard' | 'custom'
  /** The pool's issuer, for the notification's links. */
  issuer: string
  /** The password just proven is known to be breached. */
  compromisedCredentials?: boolean
  /** Device ids the user vouches for already (a remembered device it presents), see RiskInput. */
  knownDevices?: readonly string[]
}

/** How many past events the model reads: Cognito's page of AdminListUserAuthEvents. */
const HISTORY = 60

const actionFor = (config: RiskConfiguration | null, assessment: RiskAssessment): LevelAction => {
  const actions = config?.AccountTakeoverRiskConfiguration?.Actions
  const chosen =
    assessment.level === 'High'
      ? actions?.HighAction
      : assessment.level === 'Medium'
        ? actions?.MediumAction
        : assessment.level === 'Low'
          ? actions?.LowAction
          : undefined
  return chosen ?? { Notify: false, EventAction: 'NO_ACTION' }
}

/**
 * The address a blocked range is checked against. Only addresses the pool can trust reach here
 * (see RequestSignals.ip); the request's own headers (X-Forwarded-For and the like) never do.
 */
export function blockedAddress(
  config: RiskConfiguration | null,
  signals: RequestSignals | undefined,
): boolean {
  return inAnyRange(signals?.ip, config?.RiskExceptionConfiguration?.BlockedIPRangeList)
}

/**
 * Refuses, before any password is checked, a sign-in from an address in the pool's (or client's)
 * blocked ranges under ENFORCED, so the answer is the same for every name and password.
 */
export async function refuseBlockedAddress(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  signals: RequestSignals | undefined,
): Promise<void> {
  if (securityModeFor(pool, 'standard') !== 'ENFORCED' || !signals?.ip) return
  const config = await effectiveRiskConfiguration(services, pool, client.ClientId)
  if (blockedAddress(config, signals)) throw new NotAuthorizedException(BLOCKED_MESSAGE)
}

/**
 * Adaptive authentication for a sign-in whose first factor is proven, at the start of
 * afterFirstFactor: assesses the risk (src/userpool/risk/risk-model.ts), records the SignIn event,
 * notifies the user where configured, and under ENFORCED acts: BLOCK throws, MFA_IF_CONFIGURED and
 * MFA_REQUIRED ask for a second factor. AUDIT records only. Null when threat protection is off.
 */
export async function assessSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  context: RiskContext,
): Promise<SignInRisk | null> {
  const mode = securityModeFor(pool, context.flow ?? 'standard')
  if (mode === 'OFF') return null
  const signals = context.signals ?? {}
  const config = await effectiveRiskConfiguration(services, pool, client.ClientId)
  const now = services.now()
  const exceptions = config?.RiskExceptionConfiguration
  const skipped = inAnyRange(signals.ip, exceptions?.SkippedIPRangeList)
  const blocked = !skipped && inAnyRange(signals.ip, exceptions?.BlockedIPRangeList)
  let assessment: RiskAssessment = { level: null, points: 0, reasons: [] }
  if (!skipped) {
    const { events } = await listAuthEvents(services, pool, user.username, HISTORY)
    const accountFailures = events.filter(
      (e) => e.type === 'SignIn' && e.response === 'Fail' && e.at > now - FAILURE_WINDOW_MS,
    ).length
    assessment = assessRisk({
      at: now,
      signals,
      history: events
        .filter((e) => e.type === 'SignIn')
        .map((e) => ({
          at: e.at,
          response: e.response,
          signals: e.signals,
          ...(e.feedback ? { feedback: e.feedback.value } : {}),
        })),
      accountFailures,
      addressFailedAccounts: signals.ip
        ? await addressFailedAccounts(services, pool, signals.ip)
        : 0,
      ...(context.knownDevices ? { knownDevices: context.knownDevices } : {}),
    })
  }
  const levelAction: LevelAction = blocked
    ? { Notify: false, EventAction: 'BLOCK' }
    : actionFor(config, assessment)
  const enforced = mode === 'ENFORCED'
  const acts = enforced && levelAction.EventAction !== 'NO_ACTION'
  const action: RiskAction | 'block' = !enforced
    ? 'allow'
    : levelAction.EventAction === 'BLOCK'
      ? 'block'
      : levelAction.EventAction === 'MFA_REQUIRED'
        ? 'mfa-required'
        : levelAction.EventAction === 'MFA_IF_CONFIGURED'
          ? 'mfa-if-configured'
          : 'allow'
  const event: AuthEvent = {
    eventId: crypto.randomUUID(),
    username: user.username,
    type: 'SignIn',
    at: now,
    // A step-up may end in tokens or not: the event stays InProgress until the factor is proven.
    response: action === 'block' ? 'Fail' : action === 'allow' ? 'Pass' : 'InProgress',
    decision: action === 'block' ? 'Block' : acts ? 'AccountTakeover' : 'NoRisk',
    ...(assessment.level ? { level: assessment.level } : blocked ? { level: 'High' as const } : {}),
    reasons: assessment.reasons,
    ...(context.compromisedCredentials ? { compromisedCredentials: true } : {}),
    challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }],
    signals,
  }
  await recordAuthEvent(services, pool, event)
  if (enforced && levelAction.Notify && assessment.level)
    await notifyUser(
      services,
      pool,
      user,
      event,
      levelAction.EventAction,
      config?.AccountTakeoverRiskConfiguration?.NotifyConfiguration,
      context.issuer,
    )
  if (action === 'block') throw new NotAuthorizedException(BLOCKED_MESSAGE)
  return { eventId: event.eventId, action }
}

/** A stepped-up sign-in's second factor was answered: its event passes, or records the failure. */
export async function completeSignInEvent(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  eventId: string | undefined,
  outcome: 'Success' | 'Failure',
): Promise<void> {
  if (!eventId) return
  await updateAuthEvent(services, pool, username, eventId, (event) => ({
    ...event,
    response: outcome === 'Success' ? 'Pass' : event.response,
    challenges: [...event.challenges, { ChallengeName: 'Mfa', ChallengeResponse: outcome }],
  }))
}

/**
 * A failed first factor under threat protection: recorded as a failed SignIn event of a known
 * user (failure velocity), and counted against the address whether the name exists or not
 * (password spraying). Nothing is written when threat protection is off.
 */
export async function recordFailedSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord | null,
  name: string,
  signals: RequestSignals | undefined,
): Promise<void> {
  if (securityModeFor(pool, 'standard') === 'OFF') return
  if (signals?.ip) await recordAddressFailure(services, pool, signals.ip, name)
  if (!user) return
  await recordAuthEvent(services, pool, {
    eventId: crypto.randomUUID(),
    username: user.username,
    type: 'SignIn',
    at: services.now(),
    response: 'Fail',
    decision: 'NoRisk',
    reasons: [],
    challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Failure' }],
    signals: signals ?? {},
  })
}
