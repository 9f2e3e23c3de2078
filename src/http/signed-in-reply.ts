import type { UserPoolConfig, UserRecord } from '../userpool/model'
import { authorizeUser, type AuthorizationRequest } from '../userpool/oauth/authorization-request'
import { startSsoSession } from '../userpool/oauth/sso-sessions'
import type { UserPoolServices } from '../userpool/services'
import { authorizationReply } from './authorization-reply'
import { COOKIES, setCookie } from './cookies'

/**
 * A browser has signed in (hosted-UI form or federation): a new hosted-UI session (new id, so no
 * fixation) in its cookie, and the authorization response back to the client.
 */
export async function signedInReply(
  services: UserPoolServices,
  pool: UserPoolConfig,
  request: AuthorizationRequest,
  user: UserRecord,
  issuer: string,
  /** The sign-in's auth event (threat protection), kept by the session and every token it leads to. */
  eventId?: string,
): Promise<Response> {
  const authTime = Math.floor(services.now() / 1000)
  const session = await startSsoSession(services, pool, user.username, authTime, eventId)
  const reply = await authorizeUser(services, pool, request, user, authTime, issuer, eventId)
  return authorizationReply(reply, {
    'set-cookie': setCookie(COOKIES.sso, session),
  })
}
