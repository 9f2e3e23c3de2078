import { Unauthenticated } from '../errors/gateway'
import { verifyBearerToken } from '../oidc/access-token'
import { COMMON_ALGORITHMS } from '../oidc/algorithms'
import { TokenRejected } from '../oidc/errors'
import type { JwksCache } from '../oidc/jwks'
import type { Claims, KeySource } from '../oidc/signed-token'
import type { ProviderConfig } from './config'

export interface Identity {
  claims: Claims
  token: string
}

/**
 * Verifies a bearer token with the relying-party core: RS256 or ES256 only, `kid` required and in
 * the provider's JWKS, issuer, expiry and not-before with the configured skew, token kind and
 * audience. Any refusal is a 401 with `error="invalid_token"`.
 */
export async function verifyBearer(
  token: string,
  provider: ProviderConfig,
  endpoints: KeySource,
  jwks: JwksCache,
  now: number,
): Promise<Identity> {
  try {
    const claims = await verifyBearerToken(token, {
      provider: endpoints,
      jwks,
      algorithms: COMMON_ALGORITHMS,
      skewSeconds: provider.clockSkewSeconds,
      clientIds: provider.clientIds,
      tokenUse: provider.tokenUse,
      now,
    })
    return { claims, token }
  } catch (error) {
    if (error instanceof TokenRejected) throw new Unauthenticated(error.reason, true)
    throw error
  }
}
