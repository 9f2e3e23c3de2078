import { NotAuthorizedException } from '../../errors/cognito'
import type { UserPoolServices } from '../services'
import type { SessionDevice } from '../auth/session'

/**
 * The Session of an MFA_SETUP sign-in. AssociateSoftwareToken and VerifySoftwareToken receive it
 * without a ClientId, so pool and client travel inside the sealed value rather than as its context.
 */
export interface MfaSetupSession {
  poolId: string
  clientId: string
  username: string
  /** `associate`: the user may add an authenticator; `verified`: one was verified, sign-in may finish. */
  stage: 'associate' | 'verified'
  expiresAt: number
  /** The sign-in's auth event, when threat protection recorded it (the tokens' `event_id`). */
  eventId?: string
  /** The known device the sign-in presented: it proves itself once setup completes. */
  device?: SessionDevice
}

const PURPOSE = 'mfa-setup-session'

export async function sealMfaSetupSession(
  services: UserPoolServices,
  session: Omit<MfaSetupSession, 'expiresAt'>,
  validityMinutes: number,
): Promise<string> {
  return services.sealer.seal(PURPOSE, {
    ...session,
    expiresAt: services.now() + validityMinutes * 60_000,
  } satisfies MfaSetupSession)
}

/** Opens a setup session at the stage expected, or refuses it as Cognito refuses a stale session. */
export async function openMfaSetupSession(
  services: UserPoolServices,
  sealed: string | undefined,
  stage: MfaSetupSession['stage'],
): Promise<MfaSetupSession> {
  const session = sealed ? await services.sealer.open<MfaSetupSession>(PURPOSE, sealed) : null
  if (!session || session.stage !== stage || session.expiresAt < services.now())
    throw new NotAuthorizedException('Invalid session for the user, session is expired.')
  return session
}
