/**
 * What the relying-party core refuses, as facts for its callers to translate. None of these is ever
 * rendered: the gateway and federation each turn them into an error of their own surface's
 * catalogue (a 503, a 401, an error page, an `access_denied` redirect), because the same fact is a
 * different answer on each surface.
 */
export abstract class RelyingPartyError extends Error {}

/** Why a provider's discovery failed; `unreachable` is the only kind worth trying again soon. */
export type DiscoveryProblem =
  | { kind: 'unreachable'; detail: string }
  | { kind: 'issuer'; problem: string }
  | { kind: 'redirect' }
  | { kind: 'not-this-issuer'; detail: string }
  | { kind: 'endpoint'; name: string; problem: string }

/** The provider's discovery document could not be had, or is not one this relying party follows. */
export class DiscoveryFailed extends RelyingPartyError {
  constructor(
    readonly issuer: string,
    readonly problem: DiscoveryProblem,
  ) {
    super(`discovery for ${issuer}: ${describe(problem)}`)
  }
}

function describe(problem: DiscoveryProblem): string {
  switch (problem.kind) {
    case 'unreachable':
      return problem.detail
    case 'issuer':
      return `the issuer ${problem.problem}`
    case 'redirect':
      return 'the discovery document redirects elsewhere'
    case 'not-this-issuer':
      return problem.detail
    case 'endpoint':
      return `the ${problem.name} it names ${problem.problem}`
  }
}

/** A back-channel request (token, revocation, userinfo, JWKS) got no answer, or a 5xx. */
export class ProviderUnreachable extends RelyingPartyError {}

/**
 * A token that does not verify. `reason` is short and safe to show (`kid required`, `invalid
 * token`); the message may carry the verifier's own words for logs.
 */
export class TokenRejected extends RelyingPartyError {
  constructor(
    readonly reason: string,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason)
  }
}

/**
 * The provider's JWKS could not be had (a network error, a non-2xx answer, a body that is not
 * JSON) and no fresh copy is cached: the token cannot be checked now, which says nothing about the
 * token. It is a TokenRejected (`unknown signing key`) to callers that answer both alike; those
 * that must say the provider failed (the identity pools' ExternalServiceException) test for it first.
 */
export class SigningKeysUnreachable extends TokenRejected {
  /** What the fetch met, for logs; kept out of the message, which stays the rejection's own. */
  constructor(readonly detail: string) {
    super('unknown signing key')
  }
}
