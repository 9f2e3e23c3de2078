import { TemporarilyUnavailable } from '../../errors/oauth'
import { ASYMMETRIC_ALGORITHMS } from '../../oidc/algorithms'
import { fetchUserinfo, tokenRequest } from '../../oidc/back-channel'
import { DiscoveryCache, type ProviderMetadata } from '../../oidc/discovery'
import { DiscoveryFailed, ProviderUnreachable } from '../../oidc/errors'
import { verifyIdToken, type IdTokenClaims } from '../../oidc/id-token'
import { JwksCache } from '../../oidc/jwks'
import type { IdentityProvider } from './identity-providers'

/** Upstream providers' discovery documents and key sets, per isolate and bounded. */
const discovery = new DiscoveryCache()
const jwks = new JwksCache()
/** How far an upstream's clock may be from ours. */
const SKEW_SECONDS = 60

/** A provider whose configuration or discovery document Portcullis will not follow. */
export function refused(provider: IdentityProvider, why: string): TemporarilyUnavailable {
  return new TemporarilyUnavailable(`${provider.ProviderName} cannot be used: ${why}.`, {
    status: 502,
  })
}

/** A discovery failure as federation answers it: 503 to try again later, 502 for a refusal. */
function discoveryError(
  provider: IdentityProvider,
  error: DiscoveryFailed,
): TemporarilyUnavailable {
  const problem = error.problem
  switch (problem.kind) {
    case 'unreachable':
      return new TemporarilyUnavailable(
        `${provider.ProviderName} could not be reached (${problem.detail}); try again later.`,
        { status: 503 },
      )
    case 'issuer':
      return refused(provider, `its issuer ${problem.problem}`)
    case 'redirect':
      return refused(provider, 'its discovery document redirects elsewhere')
    case 'not-this-issuer':
      return new TemporarilyUnavailable(
        `${provider.ProviderName}'s discovery document does not describe the configured issuer.`,
        { status: 502, detail: problem.detail },
      )
    case 'endpoint':
      return refused(
        provider,
        `the ${problem.name} its discovery document names ${problem.problem}`,
      )
  }
}

/**
 * The upstream's discovery document, through the relying-party core (cached per isolate, a
 * failure remembered briefly). Its issuer must be the one configured, and the issuer and every
 * endpoint it names must pass the core's URL rules, before anything is sent anywhere; redirects
 * are not followed. Refusals are 502s and an unreachable provider a 503, shown as error pages.
 */
export async function upstreamMetadata(
  provider: IdentityProvider,
  now: number,
): Promise<ProviderMetadata> {
  try {
    return await discovery.metadata(
      provider.ProviderDetails.oidc_issuer!,
      (url, init) => fetch(url, init),
      now,
    )
  } catch (error) {
    throw error instanceof DiscoveryFailed ? discoveryError(provider, error) : error
  }
}

/**
 * Redeems the upstream's authorization code (with the PKCE verifier, and the client secret when
 * there is one, by HTTP Basic unless the provider only takes it in the body), then verifies the ID
 * token with the core: signature from the provider's JWKS, issuer, audience, expiry and our nonce.
 * Returns the ID token's claims merged with userinfo's (same `sub` only).
 */
export async function redeemUpstreamCode(
  provider: IdentityProvider,
  metadata: ProviderMetadata,
  input: {
    code: string
    redirectUri: string
    verifier: string
    nonce: string
    now: number
    /** A secret made for this request (Apple's signed one) in place of the stored client_secret. */
    clientSecret?: string
  },
): Promise<IdTokenClaims> {
  const clientId = provider.ProviderDetails.client_id!
  const secret = input.clientSecret ?? provider.ProviderDetails.client_secret
  const answer = await tokenRequest(
    metadata,
    { clientId, ...(secret ? { clientSecret: secret } : {}) },
    {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.verifier,
    },
  ).catch((error: unknown) => {
    throw error instanceof ProviderUnreachable ? unreachableTokenEndpoint(provider) : error
  })
  const tokens = answer.body
  if (!tokens) throw unreachableTokenEndpoint(provider)
  if (typeof tokens.id_token !== 'string')
    throw new Error(
      `${provider.ProviderName} did not issue an ID token (${String(tokens.error ?? 'no error given')}: ${String(tokens.error_description ?? '')})`,
    )
  const claims = await verifyIdToken(tokens.id_token, {
    provider: metadata,
    jwks,
    algorithms: ASYMMETRIC_ALGORITHMS,
    clientId,
    nonce: input.nonce,
    skewSeconds: SKEW_SECONDS,
    now: input.now,
  })
  if (typeof tokens.access_token === 'string') {
    const method = provider.ProviderDetails.attributes_request_method === 'POST' ? 'POST' : 'GET'
    const info = await fetchUserinfo(metadata, tokens.access_token, { subject: claims.sub, method })
    if (info) Object.assign(claims, info, { sub: claims.sub })
  }
  return claims
}

/** A token endpoint that gave no answer: the provider is down, not the sign-in wrong. */
export const unreachableTokenEndpoint = (provider: IdentityProvider) =>
  new TemporarilyUnavailable(
    `${provider.ProviderName}'s token endpoint could not be reached; try again later.`,
    { status: 503 },
  )
