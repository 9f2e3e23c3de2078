import { TokenRejected } from './errors'
import { verifySigned, type Claims, type SignatureCheck } from './signed-token'

/** An ID token's claims: whom it names is always there. */
export type IdTokenClaims = Claims & { sub: string; iss: string }

/** What an ID token must answer besides its signature. */
export interface IdTokenCheck extends SignatureCheck {
  /** This relying party's client id: in `aud`, and `azp` when there are several audiences. */
  clientId: string
  /** The nonce sent in the authorization request; omitted where none was (a refresh). */
  nonce?: string
}

/**
 * Verifies an ID token from the token endpoint (OpenID Connect Core 3.1.3.7): signature and
 * issuer as for every token, `aud` containing our client id, `exp`, `iat` and `sub` present,
 * `exp`/`nbf` and `iat` (not in the future) within the skew, `azp` present when there are several
 * audiences and ours whenever present, and the nonce we sent. Rejects with TokenRejected.
 */
export async function verifyIdToken(token: string, check: IdTokenCheck): Promise<IdTokenClaims> {
  const { claims } = await verifySigned(token, check, {
    audience: check.clientId,
    requiredClaims: ['exp', 'iat', 'sub'],
  })
  if (typeof claims.sub !== 'string' || typeof claims.iat !== 'number')
    throw new TokenRejected('invalid token', 'sub or iat of the wrong type')
  if (claims.iat > Math.floor(check.now / 1000) + check.skewSeconds)
    throw new TokenRejected('invalid token', 'issued in the future')
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (audiences.length > 1 && claims.azp === undefined)
    throw new TokenRejected('invalid token', 'several audiences and no azp')
  if (claims.azp !== undefined && claims.azp !== check.clientId)
    throw new TokenRejected('invalid token', 'azp names another client')
  if (check.nonce !== undefined && claims.nonce !== check.nonce)
    throw new TokenRejected('nonce mismatch')
  return claims as IdTokenClaims
}
