import { userPoolOfProvider, userPoolProviderKey } from '../logins/providers'
import type { VerifiedLogin } from '../logins/verify-logins'
import type { IdentityPoolConfig } from '../model'
import { COGNITO_IDENTITY } from '../openid/token-key'
import type { ResolvedIdentity } from './resolve-identity'

/**
 * `cognito-identity.amazonaws.com:amr` for an identity as a request resolved it, the same in its
 * OpenID tokens and its credentials: `unauthenticated` for a guest; else `authenticated` and, for
 * each login the request proved, its provider (a user-pool login adds
 * `{provider}:CognitoSignIn:{sub}`, as Cognito does). A token of this pool stands for the
 * providers it was issued for (its own `amr`), not for itself.
 */
export function amrOf(identity: ResolvedIdentity): string[] {
  if (!identity.authenticated) return ['unauthenticated']
  const userPools = userPoolProviders(identity.pool)
  const entries = identity.logins.flatMap((login) => {
    if (login.provider === COGNITO_IDENTITY) return issuedFor(login)
    if (userPools.has(login.provider))
      return [login.provider, `${login.provider}:CognitoSignIn:${login.subject}`]
    return [login.provider]
  })
  return ['authenticated', ...new Set(entries)]
}

/**
 * The keys a user-pool login of this pool is stored under. A login keyed so was verified as a
 * user-pool sign-in: verification tries the pool's user pools before any other provider.
 */
function userPoolProviders(pool: IdentityPoolConfig): Set<string> {
  const keys = new Set<string>()
  for (const { ProviderName } of pool.CognitoIdentityProviders) {
    const userPool = userPoolOfProvider(ProviderName)
    if (userPool) keys.add(userPoolProviderKey(userPool.userPoolId))
  }
  return keys
}

/** The provider entries of a verified token of this pool's own. */
function issuedFor(login: VerifiedLogin): string[] {
  const amr = login.claims.amr
  return Array.isArray(amr)
    ? amr.filter(
        (entry): entry is string =>
          typeof entry === 'string' && entry !== 'authenticated' && entry !== 'unauthenticated',
      )
    : []
}
