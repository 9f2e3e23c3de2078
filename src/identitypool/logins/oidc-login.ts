import { decodeJwt } from 'jose'
import { ExternalServiceException, NotAuthorizedException } from '../../errors/cognito'
import { DiscoveryCache } from '../../oidc/discovery'
import { DiscoveryFailed, SigningKeysUnreachable, TokenRejected } from '../../oidc/errors'
import { JwksCache } from '../../oidc/jwks'
import { verifySigned, type Claims } from '../../oidc/signed-token'
import { providerFetch } from './provider-fetch'

/** Login providers' discovery documents and key sets, per isolate and bounded. */
const discovery = new DiscoveryCache()
const jwks = new JwksCache()

/** Cognito allows five minutes of clock skew (RFC 7523). */
const SKEW_SECONDS = 300
/** Cognito verifies identity-pool OIDC tokens with RSA keys; `none` and HMAC never pass. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const

/** An OpenID provider a login is checked against: its issuer and the audiences it may name. */
export interface OidcLoginProvider {
  /** The key the login was sent under, for messages. */
  name: string
  issuer: string
  clientIds: readonly string[]
  /** Another spelling of `iss` the provider uses (Google's `accounts.google.com`). */
  alternateIssuer?: string
}

const invalid = (why: string) => new NotAuthorizedException(`Invalid login token. ${why}`)

/**
 * Verifies an ID token from an OpenID provider with the relying-party core: the provider's
 * discovery document and JWKS (fetched, cached per isolate), an RSA signature by a key it
 * publishes, its issuer, and `exp`/`nbf` within five minutes of skew. Then Cognito's audience rule:
 * `azp`, when present, must be one of the provider's client ids; otherwise `aud` must name one.
 * Returns the verified claims, `sub` among them; a token that does not verify is
 * NotAuthorizedException, a provider that cannot be reached or used ExternalServiceException.
 */
export async function verifyOidcLogin(
  provider: OidcLoginProvider,
  token: string,
  now: number,
): Promise<Claims & { sub: string }> {
  let metadata: Awaited<ReturnType<DiscoveryCache['metadata']>>
  try {
    metadata = await discovery.metadata(provider.issuer, providerFetch, now)
  } catch (error) {
    if (error instanceof DiscoveryFailed)
      throw new ExternalServiceException(
        `${provider.name.slice(0, 128)} could not be used to check the login token.`,
        { detail: error.message },
      )
    throw error
  }
  const issuer = claimedIssuer(token) === provider.alternateIssuer ? provider.alternateIssuer : null
  let claims: Claims
  try {
    ;({ claims } = await verifySigned(
      token,
      {
        provider: issuer ? { ...metadata, issuer } : metadata,
        jwks,
        algorithms: RSA_ALGORITHMS,
        skewSeconds: SKEW_SECONDS,
        now,
      },
      { requiredClaims: ['exp', 'sub'] },
    ))
  } catch (error) {
    // The provider's keys could not be fetched: its failure, not the token's (Cognito's 400
    // ExternalServiceException), while a reachable set without the token's kid stays a refusal.
    if (error instanceof SigningKeysUnreachable)
      throw new ExternalServiceException(
        `${provider.name.slice(0, 128)} could not be used to check the login token.`,
        { detail: error.detail },
      )
    if (error instanceof TokenRejected) throw rejection(error)
    throw error
  }
  if (!audienceAllowed(claims, provider.clientIds)) throw invalid('Incorrect token audience.')
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalid('Token has no subject.')
  return claims as Claims & { sub: string }
}

/** Cognito's rule: `azp` when the token has one, else any of `aud`. */
function audienceAllowed(claims: Claims, clientIds: readonly string[]): boolean {
  if (claims.azp !== undefined)
    return typeof claims.azp === 'string' && clientIds.includes(claims.azp)
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  return audiences.some((aud) => typeof aud === 'string' && clientIds.includes(aud))
}

/** The `iss` a token claims, unverified: only to choose which of the provider's spellings to hold it to. */
function claimedIssuer(token: string): unknown {
  try {
    return decodeJwt(token).iss
  } catch {
    return undefined
  }
}

/** The core's refusal in Cognito's words; what the verifier said stays in the log detail. */
function rejection(error: TokenRejected): NotAuthorizedException {
  const said = error.message
  if (/"exp" claim timestamp check failed/.test(said)) return invalid('Token expired.')
  if (/unexpected "iss" claim value/.test(said)) return invalid("Issuer doesn't match providerName")
  return new NotAuthorizedException("Invalid login token. Couldn't verify signed token.", {
    detail: said,
  })
}
