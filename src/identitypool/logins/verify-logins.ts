import { NotAuthorizedException, ResourceConflictException } from '../../errors/cognito'
import { findOidcProviderByArn } from '../../iam/oidc-providers/oidc-providers'
import type { UserPoolServices } from '../../userpool/services'
import { verifyPoolTokenSignature } from '../../userpool/tokens/pool-token-signature'
import { loadUserAndFamily } from '../../userpool/tokens/verify-access-token'
import { findPool } from '../../userpool/store/pool-repository'
import type { IdentityPoolConfig, Login } from '../model'
import { COGNITO_IDENTITY } from '../openid/token-key'
import { verifyAmazonLogin, verifyFacebookLogin } from './access-token-login'
import type { LoginEndpoints } from './endpoints'
import { verifyIdentityPoolLogin } from './identity-pool-login'
import { verifyOidcLogin } from './oidc-login'
import { oidcProviderKey, userPoolOfProvider, userPoolProviderKey } from './providers'

/** A login whose token was verified: the provider's key, the subject, and the token's claims. */
export interface VerifiedLogin extends Login {
  claims: Record<string, unknown>
}

/**
 * What checking a login needs: the services, the origin this Worker's pools issue tokens at, and
 * where the public providers are reached.
 */
export interface LoginContext {
  services: UserPoolServices
  /** Token issuers of this Worker's user pools are `{issuerOrigin}/{userPoolId}`. */
  issuerOrigin: string
  loginEndpoints: LoginEndpoints
}

const invalid = (why: string) => new NotAuthorizedException(`Invalid login token. ${why}`)
const UNSUPPORTED = 'Token is not from a supported provider of this identity pool.'

/**
 * Verifies every login of a request before anything is looked up: each token must verify for
 * real with the provider the pool names, or the whole request is NotAuthorizedException in
 * Cognito's words. Logins naming one user pool in both spellings must name one user.
 *
 * Verified: this Worker's user pools (CognitoIdentityProviders); this pool's own OpenID tokens
 * (`cognito-identity.amazonaws.com`, the developer enhanced flow); IAM OpenID Connect providers
 * (OpenIdConnectProviderARNs, keyed by issuer without scheme) and Google and Apple
 * (SupportedLoginProviders), whose ID tokens the relying-party core checks; Facebook and Login with
 * Amazon, whose access tokens their own APIs are asked about. The developer provider (only
 * GetOpenIdTokenForDeveloperIdentity may name it) and any other name are refused as unsupported.
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
  const arn = pool.OpenIdConnectProviderARNs.find((named) => oidcProviderKey(named) === provider)
  if (arn) return verifyOpenIdConnectLogin(context, arn, provider, token)
  if (Object.hasOwn(pool.SupportedLoginProviders, provider))
    return verifyPublicLogin(context, provider, pool.SupportedLoginProviders[provider]!, token)
  throw new NotAuthorizedException(UNSUPPORTED)
}

/** An IAM OpenID Connect provider's ID token, for one of the provider's client ids. */
async function verifyOpenIdConnectLogin(
  context: LoginContext,
  arn: string,
  provider: string,
  token: string,
): Promise<VerifiedLogin> {
  const { services } = context
  const record = await findOidcProviderByArn(services, arn)
  // Deleted from IAM since the pool named it: nothing left to verify against.
  if (!record) throw new NotAuthorizedException(UNSUPPORTED)
  const claims = await verifyOidcLogin(
    { name: provider, issuer: record.Url, clientIds: record.ClientIDList },
    token,
    services.now(),
  )
  return { provider, subject: claims.sub, claims }
}

/**
 * A public provider's token, for the app id the pool names for it: Google and Apple ID tokens
 * through the relying-party core, Facebook and Amazon access tokens through their APIs.
 */
async function verifyPublicLogin(
  context: LoginContext,
  provider: string,
  appId: string,
  token: string,
): Promise<VerifiedLogin> {
  const { loginEndpoints: endpoints, services } = context
  const now = services.now()
  switch (provider) {
    case 'accounts.google.com': {
      const claims = await verifyOidcLogin(
        {
          name: provider,
          issuer: endpoints.googleIssuer,
          clientIds: [appId],
          // Google's tokens may name their issuer without the scheme.
          alternateIssuer: endpoints.googleIssuer.replace(/^https?:\/\//, ''),
        },
        token,
        now,
      )
      return { provider, subject: claims.sub, claims }
    }
    case 'appleid.apple.com': {
      const issuer = endpoints.appleIssuer
      const claims = await verifyOidcLogin(
        { name: provider, issuer, clientIds: [appId] },
        token,
        now,
      )
      return { provider, subject: claims.sub, claims }
    }
    case 'graph.facebook.com': {
      const subject = await verifyFacebookLogin(endpoints.facebookGraphUrl, appId, token)
      return { provider, subject, claims: { sub: subject } }
    }
    case 'www.amazon.com': {
      const subject = await verifyAmazonLogin(endpoints.amazonApiUrl, appId, token)
      return { provider, subject, claims: { sub: subject } }
    }
    default:
      throw new NotAuthorizedException(UNSUPPORTED)
  }
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
