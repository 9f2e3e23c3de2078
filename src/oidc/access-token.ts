import { TokenRejected } from './errors'
import { verifySigned, type Claims, type SignatureCheck } from './signed-token'

/** The kinds of token a bearer may be. */
export type TokenUse = 'access' | 'id'

/** What a bearer token must answer besides its signature. */
export interface BearerCheck extends SignatureCheck {
  /** Accepted `aud` (ID tokens) or `client_id` (access tokens). */
  clientIds: readonly string[]
  /** Which kinds of token are taken. */
  tokenUse: readonly TokenUse[]
}

/**
 * Which kind of token this is: Cognito names it in `token_use`; other providers' access tokens are
 * RFC 9068 JWTs (`typ: at+jwt`) or carry `client_id`/`scope`; anything else is an ID token.
 */
function tokenUseOf(claims: Claims, typ: unknown): TokenUse | undefined {
  if (claims.token_use !== undefined)
    return claims.token_use === 'access' || claims.token_use === 'id' ? claims.token_use : undefined
  if (typeof typ === 'string' && ['at+jwt', 'application/at+jwt'].includes(typ.toLowerCase()))
    return 'access'
  return typeof claims.client_id === 'string' || typeof claims.scope === 'string' ? 'access' : 'id'
}

/**
 * Verifies a bearer token presented to a resource: signature, issuer, `exp`/`nbf` as for every
 * token (see `verifySigned`), then its kind (`token_use`, or RFC 9068's `at+jwt`) and audience
 * (`aud` for ID tokens, `client_id` for access tokens). Rejects with TokenRejected, whose reason
 * says which check failed.
 */
export async function verifyBearerToken(token: string, check: BearerCheck): Promise<Claims> {
  const { header, claims } = await verifySigned(token, check)
  const use = tokenUseOf(claims, header.typ)
  if (use === undefined) throw new TokenRejected('unknown token_use')
  if (!check.tokenUse.includes(use)) throw new TokenRejected(`${use} tokens are not accepted here`)
  const audience = use === 'id' ? claims.aud : claims.client_id
  const audiences = Array.isArray(audience) ? audience : [audience]
  if (!audiences.some((a) => typeof a === 'string' && check.clientIds.includes(a)))
    throw new TokenRejected('audience not accepted')
  return claims
}
