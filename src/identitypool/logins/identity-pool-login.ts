import { NotAuthorizedException } from '../../errors/cognito'
import type { UserPoolServices } from '../../userpool/services'
import type { IdentityPoolConfig, Login } from '../model'
import { verifyIdentityToken } from '../openid/identity-token'
import { COGNITO_IDENTITY, identityIssuer } from '../openid/token-key'

const invalid = (why: string) => new NotAuthorizedException(`Invalid login token. ${why}`)

/**
 * A login of `cognito-identity.amazonaws.com`: an OpenID token this Worker issued for one of this
 * pool's authenticated identities (GetOpenIdTokenForDeveloperIdentity, GetOpenIdToken), as the
 * developer enhanced flow hands it to GetCredentialsForIdentity. It must verify as ours, be for
 * this pool (`aud`) and come from an authenticated identity (a guest's token proves nothing a
 * guest needs); the subject is the identity it names, and the claims are the token's as signed
 * (principal tags included).
 */
export async function verifyIdentityPoolLogin(
  context: { services: UserPoolServices; issuerOrigin: string },
  pool: IdentityPoolConfig,
  token: string,
): Promise<Login & { claims: Record<string, unknown> }> {
  const check = await verifyIdentityToken(context.services.sealer, token, {
    issuer: identityIssuer(context.issuerOrigin),
    now: context.services.now(),
  })
  if (!check.ok) {
    switch (check.problem) {
      case 'expired':
        throw invalid('Token expired.')
      case 'issuer':
        throw invalid("Issuer doesn't match providerName")
      default:
        throw invalid("Couldn't verify signed token.")
    }
  }
  if (check.claims.aud !== pool.IdentityPoolId) throw invalid('Incorrect token audience.')
  if (!check.claims.amr.includes('authenticated'))
    throw invalid('Token is not from an authenticated identity.')
  return { provider: COGNITO_IDENTITY, subject: check.claims.sub, claims: check.payload }
}
