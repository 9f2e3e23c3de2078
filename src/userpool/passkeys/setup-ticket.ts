import { randomToken } from '../../crypto/random'
import { NotAuthorizedException } from '../../errors/cognito'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { claimSrpNonce } from '../store/sessions'

/**
 * A hosted-UI sign-in that has proven every factor and stops once to offer a passkey: sealed to
 * the pool and client, for one user (by sub), for the client's AuthSessionValidity, and finished
 * once (its nonce is claimed when the sign-in completes), so it is no more than the sign-in was.
 */
export interface PasskeySetupTicket {
  username: string
  sub: string
  expiresAt: number
  nonce: string
  /** The sign-in's auth event, carried to the tokens it finishes in. */
  eventId?: string
}

const PURPOSE = 'hosted-passkey-setup'
const binding = (client: UserPoolClientConfig) => `${client.UserPoolId}|${client.ClientId}`
const EXPIRED = 'Invalid session for the user, session is expired.'

export function sealSetupTicket(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  user: UserRecord,
  eventId?: string,
): Promise<string> {
  const ticket: PasskeySetupTicket = {
    username: user.username,
    sub: user.sub,
    expiresAt: services.now() + client.AuthSessionValidity * 60_000,
    nonce: randomToken(16),
    ...(eventId ? { eventId } : {}),
  }
  return services.sealer.seal(PURPOSE, ticket, binding(client))
}

/** Opens a live ticket of this pool and client, or NotAuthorizedException. */
export async function openSetupTicket(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  sealed: string,
): Promise<PasskeySetupTicket> {
  const ticket = await services.sealer.open<PasskeySetupTicket>(PURPOSE, sealed, binding(client))
  if (!ticket || ticket.expiresAt < services.now()) throw new NotAuthorizedException(EXPIRED)
  return ticket
}

/** Uses the ticket up as its sign-in completes; a second completion is NotAuthorizedException. */
export async function claimSetupTicket(
  services: UserPoolServices,
  pool: UserPoolConfig,
  ticket: PasskeySetupTicket,
): Promise<void> {
  const key = `passkey-setup-${ticket.nonce}`
  if (!(await claimSrpNonce(services, pool, ticket.username, key, ticket.expiresAt)))
    throw new NotAuthorizedException(EXPIRED)
}
