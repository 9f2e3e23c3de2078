import { NotAuthorizedException, ResourceConflictException } from '../../errors/cognito'
import type { UserPoolServices } from '../../userpool/services'
import { verifyPoolTokenSignature } from '../../userpool/tokens/pool-token-signature'
import { loadUserAndFamily } from '../../userpool/tokens/verify-access-token'
import { findPool } from '../../userpool/store/pool-repository'
import type { IdentityPoolConfig, Login } from '../model'
import { COGNITO_IDENTITY } from '../openid/token-key'
import { verifyIdentityPoolLogin } from './identity-pool-login'
import { oidcProviderKey, userPoolOfProvider, userPoolProviderKey } from './providers'

/** A login whose token was verified: the provider's key, the subject, and the token's claims. */
export interface VerifiedLogin extends Login {
  claims: Record<string, unknown>
}

/** What checking a login needs: the services, and the origin this Worker's pools issue tokens at. */
export interface LoginContext {
  services: UserPoolServices
  /** Token issuers of this Worker's user pools are `{issuerOrigin}/{userPoolId}`. */
  issuerOrigin: string
}

const invalid = (why: string) => new NotAuthorizedException(`Invalid login token. ${why}`)
const UNSUPPORTED = 'Token is not from a supported provider of this identity pool.'

/**
 * Verifies every login of a request before anything is looked up: each token must verify for
 * real with the provider the pool names, or the whole request is NotAuthorizedException in
 * Cognito's words. Logins naming one user pool in both spellings must name one user.
 *
 * Verified today: this Worker's user pools (CognitoIdentityProviders) and this pool's own OpenID
 * tokens (`cognito-identity.amazonaws.com`, the developer enhanced flow). OpenID Connect providers,
 * the public providers (SupportedLoginProviders) and the developer provider (only
 * GetOpenIdTokenForDeveloperIdentity may name it) are refused as unsupported.
 */
export async function verifyLogins(
  context: LoginContext,
  pool: IdentityPoolConfig,
  logins: Record<string, string>,
): Promise<VerifiedLogin[]> {
  const verified: VerifiedLogin[] = []
  for (const [provider, token] of Object.entries(logins)) {
    const login = await verifyLogin(context, pool, provider, token)
    const same = verified.find((v) => v.provider === login.provider)
    if (same && same.subject !== login.subject)
      throw new ResourceConflictException(`Logins name two different users of ${login.provider}.`)
    if (!same) verified.push(login)
  }
  return verified
}

async function verifyLogin(
  context: LoginContext,
  pool: IdentityPoolConfig,
  provider: string,
  token: string,
): Promise<VerifiedLogin> {
  if (provider === COGNITO_IDENTITY) return verifyIdentityPoolLogin(context, pool, token)
  const userPool = userPoolOfProvider(provider)
  if (userPool) {
    const configured = pool.CognitoIdentityProviders.filter(
      (p) => userPoolOfProvider(p.ProviderName)?.userPoolId === userPool.userPoolId,
    )
    if (configured.length > 0) return verifyUserPoolLogin(context, userPool, configured, token)
  }
  if (pool.OpenIdConnectProviderARNs.some((arn) => oidcProviderKey(arn) === provider))
    throw invalid('OpenID Connect provider tokens cannot be verified yet.')
  if (Object.hasOwn(pool.SupportedLoginProviders, provider))
    throw invalid(`${provider.slice(0, 64)} tokens cannot be verified yet.`)
  throw new NotAuthorizedException(UNSUPPORTED)
}

async function verifyUserPoolLogin(
  context: LoginContext,
  userPool: { userPoolId: string; host: string; awsName: boolean },
  configured: IdentityPoolConfig['CognitoIdentityProviders'],
  token: string,
): Promise<VerifiedLogin> {
  const { services, issuerOrigin } = context
  // Named by its issuer, a pool must be named at the host its tokens are issued at.
  if (!userPool.awsName && userPool.host !== new URL(issuerOrigin).host)
    throw invalid("Issuer doesn't match providerName")
  const check = await verifyPoolTokenSignature(services, token, issuerOrigin, userPool.userPoolId)
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
  const { claims } = check
  if (claims.token_use !== 'id') throw invalid('Token is not an ID token.')
  const provider = configured.find((p) => p.ClientId === claims.aud)
  if (!provider) throw invalid('Incorrect token audience.')
  if (typeof claims.sub !== 'string') throw invalid('Token has no subject.')
  if (provider.ServerSideTokenCheck) await checkSession(services, userPool.userPoolId, claims)
  return { provider: userPoolProviderKey(userPool.userPoolId), subject: claims.sub, claims }
}

/** ServerSideTokenCheck: the user still exists, is enabled, and has not signed out since. */
async function checkSession(
  services: UserPoolServices,
  userPoolId: string,
  claims: Record<string, unknown>,
): Promise<void> {
  const username = claims['cognito:username']
  const originJti = claims.origin_jti
  const userPool = await findPool(services, userPoolId)
  if (!userPool || typeof username !== 'string' || typeof originJti !== 'string')
    throw invalid('Token has been revoked.')
  try {
    await loadUserAndFamily(services, userPool, username, originJti)
  } catch (error) {
    if (error instanceof NotAuthorizedException) throw invalid('Token has been revoked.')
    throw error
  }
}
