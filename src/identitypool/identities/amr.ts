import { COGNITO_IDENTITY } from '../openid/token-key'
import type { ResolvedIdentity } from './resolve-identity'

/**
 * `cognito-identity.amazonaws.com:amr` for an identity as a request resolved it, the same in its
 * OpenID tokens and its credentials: `unauthenticated` for a guest; else `authenticated` and the
 * provider of each login the request proved. A token of this pool stands for the providers it was
 * issued for (its own `amr`), not for itself.
 */
export function amrOf(identity: ResolvedIdentity): string[] {
  if (!identity.authenticated) return ['unauthenticated']
  const providers = identity.logins.flatMap((login) => {
    if (login.provider !== COGNITO_IDENTITY) return [login.provider]
    const amr = login.claims.amr
    return Array.isArray(amr)
      ? amr.filter(
          (entry): entry is string =>
            typeof entry === 'string' && entry !== 'authenticated' && entry !== 'unauthenticated',
        )
      : []
  })
  return ['authenticated', ...new Set(providers)]
}
