import type { AuthOutcome, AuthRequestContext } from '../../../userpool/auth/outcome'

/** Cognito's InitiateAuth/RespondToAuthChallenge response for an outcome. */
export function authResponse(outcome: AuthOutcome) {
  if (outcome.kind === 'tokens')
    return { ChallengeParameters: {}, AuthenticationResult: outcome.result }
  return {
    ChallengeName: outcome.challengeName,
    ChallengeParameters: outcome.parameters,
    ...('session' in outcome ? { Session: outcome.session } : {}),
    ...('availableChallenges' in outcome
      ? { AvailableChallenges: outcome.availableChallenges }
      : {}),
  }
}

/** The device members of a sign-in's context: the DEVICE_KEY presented and the caller's address. */
export function deviceContext(
  deviceKey: string | undefined,
  sourceIp: string | undefined,
): Pick<AuthRequestContext, 'deviceKey' | 'sourceIp'> {
  return { ...(deviceKey ? { deviceKey } : {}), ...(sourceIp ? { sourceIp } : {}) }
}
