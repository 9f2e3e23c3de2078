import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { requireUser } from '../store/directory'
import { requireAdvancedSecurity } from './add-ons'
import { type AuthEvent, listAuthEvents } from './auth-events'

/**
 * AdminListUserAuthEvents: a user's events newest first, `limit` a page (60 when 0 or absent, as
 * Cognito), continuing after `after` (the position the previous page ended at).
 */
export async function userAuthEvents(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
  limit: number | undefined,
  after: string | undefined,
): Promise<{ events: AuthEvent[]; next?: string }> {
  requireAdvancedSecurity(pool)
  const { user } = await requireUser(services, pool, name)
  return listAuthEvents(services, pool, user.username, limit || 60, after)
}
