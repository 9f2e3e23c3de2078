import type { AuthOutcome } from '../../../userpool/auth/outcome'

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
