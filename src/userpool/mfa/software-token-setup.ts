import type { UserPoolConfig } from '../model'
import { requirePool } from '../store/pool-repository'
import type { UserPoolServices } from '../services'
import { openMfaSetupSession, sealMfaSetupSession } from './setup-session'
import { associateSoftwareToken, verifySoftwareToken } from './software-token'

/** Who adds an authenticator: a signed-in user (their access token) or one in an MFA_SETUP sign-in (its Session). */
export type SetupCaller =
  | { kind: 'signed-in'; pool: UserPoolConfig; username: string }
  | { kind: 'signing-in'; session: string }

/** Validity of the sessions handed back during MFA setup (Cognito's default AuthSessionValidity). */
const SETUP_SESSION_MINUTES = 3

/** AssociateSoftwareToken for either caller; a signing-in caller gets a fresh Session to go on with. */
export async function associateForCaller(
  services: UserPoolServices,
  caller: SetupCaller,
): Promise<{ secret: string; session?: string }> {
  if (caller.kind === 'signed-in')
    return { secret: await associateSoftwareToken(services, caller.pool, caller.username) }
  const session = await openMfaSetupSession(services, caller.session, 'associate')
  const secret = await associateSoftwareToken(
    services,
    await requirePool(services, session.poolId),
    session.username,
  )
  return {
    secret,
    session: await sealMfaSetupSession(
      services,
      { ...session, stage: 'associate' },
      SETUP_SESSION_MINUTES,
    ),
  }
}

/**
 * VerifySoftwareToken for either caller. Set up during sign-in, the authenticator is switched on
 * and preferred at once (the pool requires MFA), and the Session returned finishes the MFA_SETUP
 * challenge; a signed-in user turns it on with SetUserMFAPreference, as in Cognito.
 */
export async function verifyForCaller(
  services: UserPoolServices,
  caller: SetupCaller,
  code: string,
  friendlyName: string | undefined,
): Promise<{ session?: string }> {
  if (caller.kind === 'signed-in') {
    await verifySoftwareToken(services, caller.pool, caller.username, code, friendlyName)
    return {}
  }
  const session = await openMfaSetupSession(services, caller.session, 'associate')
  const pool = await requirePool(services, session.poolId)
  await verifySoftwareToken(services, pool, session.username, code, friendlyName, true)
  return {
    session: await sealMfaSetupSession(
      services,
      { ...session, stage: 'verified' },
      SETUP_SESSION_MINUTES,
    ),
  }
}
