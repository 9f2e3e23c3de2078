import { randomToken } from '../../crypto/random'
import { constantTimeEqual, utf8 } from '../../crypto/encoding'
import { AccessDenied, InvalidRequest, TemporarilyUnavailable } from '../../errors/oauth'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import { redirectableError, type AuthorizationRequest } from '../oauth/authorization-request'
import { requirePool } from '../store/pool-repository'
import type { UserPoolServices } from '../services'
import { findIdentityProvider } from './identity-providers'
import { authorizationUrl, newFlowSecrets } from '../../oidc/authorization-request'
import { responseIssuerProblem } from '../../oidc/response-issuer'
import { upstreamOf } from './upstreams'
import { isTriggerFailure, signInFederatedUser } from './federated-user'
import { appleFirstSignInClaims } from './social/apple-user'

/** What travels, sealed, in the upstream `state` between /oauth2/authorize and /oauth2/idpresponse. */
interface FederationState {
  poolId: string
  providerName: string
  authorization: AuthorizationRequest
  verifier: string
  nonce: string
  /** Also in a cookie of the browser that started: the answer must come back to that browser. */
  browserBinding: string
  expiresAt: number
}

const PURPOSE = 'federation-state'
/** How long the browser may spend at the upstream provider. */
const STATE_LIFETIME_MS = 10 * 60_000

/**
 * /oauth2/authorize with `identity_provider`: the provider must be one the app client supports.
 * The browser goes to the upstream's authorization endpoint with code + PKCE, a nonce (OpenID
 * providers), and the client's whole request sealed in `state`. Returns where to send it, the
 * browser binding for its cookie, and whether the answer comes back as a cross-site POST (Apple's
 * form_post), which a SameSite=Lax cookie would not go with.
 */
export async function startFederatedSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  authorization: AuthorizationRequest,
  providerName: string,
  context: { callbackUrl: string; issuer: string },
): Promise<{ location: string; browserBinding: string; crossSitePost: boolean }> {
  const provider = (client.SupportedIdentityProviders ?? []).includes(providerName)
    ? await findIdentityProvider(services, pool, providerName)
    : null
  if (!provider)
    throw redirectableError(
      authorization,
      context.issuer,
      new InvalidRequest(
        `The identity provider ${providerName} is not enabled for this app client.`,
      ),
    )
  if (provider.ProviderType === 'SAML')
    // SAML providers can be configured and their responses verified, but the browser flow
    // (AuthnRequest, /saml2/idpresponse) is not served yet: say so instead of trying OIDC.
    throw new TemporarilyUnavailable(
      `${providerName} is a SAML provider; SAML sign-in is not available yet.`,
      {
        status: 501,
      },
    )
  const upstream = await upstreamOf(provider, services.now())
  // The state is the sealed request itself, so only the nonce and the verifier are fresh secrets.
  const { nonce, verifier } = newFlowSecrets()
  const browserBinding = randomToken(16)
  const state: FederationState = {
    poolId: pool.Id,
    providerName,
    authorization,
    verifier,
    nonce,
    browserBinding,
    expiresAt: services.now() + STATE_LIFETIME_MS,
  }
  const location = await authorizationUrl(upstream.endpoints, {
    clientId: provider.ProviderDetails.client_id!,
    redirectUri: context.callbackUrl,
    scope: upstream.scope,
    state: await services.sealer.seal(PURPOSE, state),
    ...(upstream.openId ? { nonce } : {}),
    verifier,
    ...(upstream.responseMode ? { responseMode: upstream.responseMode } : {}),
  })
  return { location, browserBinding, crossSitePost: upstream.responseMode === 'form_post' }
}

/** The sign-in the upstream answered: the pool, the client's request, and the federated user. */
export interface FederatedSignIn {
  pool: UserPoolConfig
  authorization: AuthorizationRequest
  user: UserRecord
}

/**
 * /oauth2/idpresponse: opens the sealed state (anything else is refused), checks that the answer
 * comes from the provider the state names (RFC 9207 `iss`), sends an upstream error back to the
 * client as `access_denied`, redeems the code, and signs in the federated user,
 * `${ProviderName}_${sub}`, created on first sign-in with the mapped attributes (updated at each
 * later one) and Cognito's `identities` attribute.
 *
 * Once the state is open and bound to this browser it is our own record of the client's request
 * (sealed, unexpired, redirect URI checked at /oauth2/authorize), whoever sent the answer; so a
 * refusal after that point goes back to that client as `access_denied`, with our words, not the
 * answer's. Before that point there is no client we can trust the answer to name: an error page.
 */
export async function completeFederatedSignIn(
  services: UserPoolServices,
  query: {
    state?: string
    code?: string
    error?: string
    error_description?: string
    iss?: string
    /** Sign in with Apple's first answer: the user's name, as JSON, beside the code. */
    user?: string
  },
  context: {
    callbackUrl: string
    issuer: (poolId: string) => string
    browserBinding: string | undefined
  },
): Promise<FederatedSignIn> {
  const state = query.state
    ? await services.sealer.open<FederationState>(PURPOSE, query.state)
    : null
  if (!state || state.expiresAt < services.now())
    throw new InvalidRequest(
      'This sign-in is not known here or has expired; start again from the application.',
    )
  // Someone else's state and code, sent to this browser, must not sign it in as them (login CSRF).
  if (
    !context.browserBinding ||
    !constantTimeEqual(utf8(context.browserBinding), utf8(state.browserBinding))
  ) {
    throw new InvalidRequest(
      'This sign-in was started in another browser; start again from the application.',
    )
  }
  const pool = await requirePool(services, state.poolId)
  const issuer = context.issuer(pool.Id)
  const deny = (message: string) =>
    redirectableError(state.authorization, issuer, new AccessDenied(message))
  const provider = await findIdentityProvider(services, pool, state.providerName)
  if (!provider) throw deny(`The identity provider ${state.providerName} no longer exists.`)
  const upstream = await upstreamOf(provider, services.now())
  // Before anything else, and above all before the code and verifier go to a token endpoint.
  const mixUp = responseIssuerProblem(upstream.endpoints, query.iss)
  if (mixUp)
    throw deny(
      `The answer cannot be from ${provider.ProviderName}: ${mixUp}. Nothing was redeemed.`,
    )
  if (query.error || !query.code) {
    throw deny(
      `${state.providerName} did not sign the user in: ${query.error ?? 'no code'}${query.error_description ? ` (${query.error_description})` : ''}`,
    )
  }
  const claims = await upstream
    .redeem({
      code: query.code,
      redirectUri: context.callbackUrl,
      verifier: state.verifier,
      nonce: state.nonce,
      now: services.now(),
    })
    .catch((error: unknown) => {
      throw deny(
        `${provider.ProviderName}'s answer could not be verified: ${error instanceof Error ? error.message : 'error'}`,
      )
    })
  const caller = { clientId: state.authorization.clientId }
  // Apple says the name once, unsigned, beside the first code: used when the user is made only.
  const firstSignIn =
    provider.ProviderType === 'SignInWithApple' ? appleFirstSignInClaims(query.user) : {}
  const user = await signInFederatedUser(services, pool, provider, claims, caller, {
    firstSignInClaims: firstSignIn,
  }).catch((error: unknown) => {
    // A trigger's failure reaches the app as Cognito sends it: invalid_request with its message.
    if (isTriggerFailure(error))
      throw redirectableError(state.authorization, issuer, new InvalidRequest(error.message))
    throw deny(
      error instanceof Error ? error.message : 'The federated user could not be signed in.',
    )
  })
  return { pool, authorization: state.authorization, user }
}
