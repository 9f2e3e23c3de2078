import { NotAuthorizedException, ResourceNotFoundException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { findUser, requireUser } from '../store/directory'
import { requireAdvancedSecurity } from './add-ons'
import { type AuthEvent, updateAuthEvent } from './auth-events'

/** What a FeedbackToken vouches for: one event of one user in one pool, until it expires. */
interface FeedbackClaim {
  poolId: string
  username: string
  eventId: string
  expiresAt: number
}

const PURPOSE = 'auth-event-feedback'
/** How long a notification's one-click links work. */
const FEEDBACK_LIFETIME_MS = 7 * 24 * 3_600_000
const bindingOf = (poolId: string, eventId: string) => `${poolId}|${eventId}`

/** The FeedbackToken a notification's one-click links carry: sealed, so nobody can make one. */
export function sealFeedbackToken(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  eventId: string,
): Promise<string> {
  const claim: FeedbackClaim = {
    poolId: pool.Id,
    username,
    eventId,
    expiresAt: services.now() + FEEDBACK_LIFETIME_MS,
  }
  return services.sealer.seal(PURPOSE, claim, bindingOf(pool.Id, eventId))
}

export type FeedbackValue = 'Valid' | 'Invalid'

const withFeedback =
  (value: FeedbackValue, provider: 'Admin' | 'User', at: number) =>
  (event: AuthEvent): AuthEvent => ({ ...event, feedback: { value, provider, at } })

/** AdminUpdateAuthEventFeedback: an administrator's verdict on one of a user's events. */
export async function adminEventFeedback(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
  eventId: string,
  value: FeedbackValue,
): Promise<void> {
  requireAdvancedSecurity(pool)
  const { user } = await requireUser(services, pool, name)
  const updated = await updateAuthEvent(
    services,
    pool,
    user.username,
    eventId,
    withFeedback(value, 'Admin', services.now()),
  )
  if (!updated) throw new ResourceNotFoundException('Auth event not found.')
}

/**
 * UpdateAuthEventFeedback: the user's verdict through a notification's link, unauthenticated, so
 * the FeedbackToken is all that proves it. A token that does not open for this pool, event and
 * user, or has expired, is refused the same way whether or not the user or the event exists, so
 * the operation tells nobody which users exist.
 */
export async function userEventFeedback(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
  eventId: string,
  token: string,
  value: FeedbackValue,
): Promise<void> {
  requireAdvancedSecurity(pool)
  const claim = await services.sealer.open<FeedbackClaim>(
    PURPOSE,
    token,
    bindingOf(pool.Id, eventId),
  )
  const loaded = await findUser(services, pool, name)
  if (
    !claim ||
    claim.poolId !== pool.Id ||
    claim.eventId !== eventId ||
    claim.expiresAt < services.now() ||
    !loaded ||
    loaded.user.username !== claim.username
  )
    throw new NotAuthorizedException('Invalid feedback token.')
  const updated = await updateAuthEvent(
    services,
    pool,
    loaded.user.username,
    eventId,
    withFeedback(value, 'User', services.now()),
  )
  if (!updated) throw new ResourceNotFoundException('Auth event not found.')
}
