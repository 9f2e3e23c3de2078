import type { UserRecord } from '../model'

/**
 * Whether something begun at `startedAt` (a refresh-token family, an SSO session, an authorization
 * code) was revoked for this user: by a global sign-out, a disable or a password reset
 * (`tokensValidAfter`), or because it belongs to an earlier user of the same name, deleted and
 * created again since.
 */
export function startedBeforeValidity(user: UserRecord, startedAt: number): boolean {
  return startedAt < Math.max(user.tokensValidAfter ?? 0, user.createdAt)
}
