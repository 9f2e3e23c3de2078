import { TemporarilyUnavailable } from '../../errors/oauth'
import { fetchResource, tokenRequest } from '../../oidc/back-channel'
import type { ProviderMetadata } from '../../oidc/discovery'
import { ProviderUnreachable } from '../../oidc/errors'
import { endpointProblem } from '../../oidc/urls'
import { toHex } from '../../crypto/encoding'
import { hmacSha256 } from '../../crypto/hash'
import type { IdentityProvider } from './identity-providers'
import { appleClientSecret } from './social/apple-client-secret'
import { scopesOf } from './social/details'
import {
  redeemUpstreamCode,
  refused,
  unreachableTokenEndpoint,
  upstreamMetadata,
} from './upstream-oidc'

/** What the authorization request and the code exchange need of a provider's endpoints. */
export type UpstreamEndpoints = Pick<
  ProviderMetadata,
  | 'issuer'
  | 'authorizationEndpoint'
  | 'tokenEndpoint'
  | 'tokenEndpointAuthMethods'
  | 'issParameterSupported'
  | 'fetch'
>

/** The upstream's subject as `sub`, and whatever else it said about the user. */
export type UpstreamClaims = Record<string, unknown> & { sub: string }

/**
 * How one provider is spoken to, whatever its type: where the browser goes and with which scope,
 * and how its code becomes the user's claims. OpenID providers (OIDC, Google, Apple) send a nonce
 * and answer with a verified ID token; Facebook and Login with Amazon are OAuth 2.0 without ID
 * tokens, and name the user from their profile APIs.
 */
export interface Upstream {
  endpoints: UpstreamEndpoints
  scope: string
  /** A nonce goes out and must come back in the ID token. */
  openId: boolean
  /** Apple answers by a cross-site POST when name or email is asked for. */
  responseMode?: 'form_post'
  redeem(input: {
    code: string
    redirectUri: string
    verifier: string
    nonce: string
    now: number
  }): Promise<UpstreamClaims>
}

/** The scope with `openid` in it, which Google and Apple imply in Cognito's authorize_scopes. */
const withOpenId = (scopes: string) => {
  const list = scopesOf(scopes)
  return (list.includes('openid') ? list : ['openid', ...list]).join(' ')
}

/** Where the upstream of `provider` is, discovered or configured, and how to sign in there. */
export async function upstreamOf(provider: IdentityProvider, now: number): Promise<Upstream> {
  const details = provider.ProviderDetails
  switch (provider.ProviderType) {
    case 'SignInWithApple': {
      const metadata = await upstreamMetadata(provider, now)
      // Apple takes its client secret in the body only.
      const endpoints = { ...metadata, tokenEndpointAuthMethods: ['client_secret_post'] }
      return {
        endpoints,
        scope: withOpenId(details.authorize_scopes!),
        openId: true,
        responseMode: 'form_post',
        redeem: async (input) =>
          redeemUpstreamCode(provider, endpoints, {
            ...input,
            clientSecret: await appleClientSecret(
              {
                team_id: details.team_id!,
                key_id: details.key_id!,
                client_id: details.client_id!,
                private_key: details.private_key!,
              },
              details.oidc_issuer!,
              input.now,
            ),
          }),
      }
    }
    case 'Facebook':
    case 'LoginWithAmazon':
      return oauthUpstream(provider)
    case 'OIDC':
    case 'Google': {
      const metadata = await upstreamMetadata(provider, now)
      return {
        endpoints: metadata,
        scope:
          provider.ProviderType === 'Google'
            ? withOpenId(details.authorize_scopes!)
            : details.authorize_scopes!,
        openId: true,
        redeem: (input) => redeemUpstreamCode(provider, metadata, input),
      }
    }
    default:
      // SAML and any later type sign in their own way, never through an OAuth round trip.
      throw refused(provider, `${provider.ProviderType} providers do not sign in by OAuth`)
  }
}

/** The Graph API fields asked for: `id`, and every field the AttributeMapping names. */
function facebookFields(provider: IdentityProvider): string {
  const named = Object.values(provider.AttributeMapping).filter((f) => /^[a-z_]{1,64}$/.test(f))
  return [...new Set(['id', ...named])].join(',')
}

/**
 * Facebook or Login with Amazon: the stored endpoints, held to the core's URL rules against the
 * sign-in page's (https, or plain http on loopback only, and all on the same side of loopback);
 * the code is exchanged with the secret in the body, then the profile API names the user: Graph's
 * `id`, Amazon's `user_id`.
 */
function oauthUpstream(provider: IdentityProvider): Upstream {
  const details = provider.ProviderDetails
  const facebook = provider.ProviderType === 'Facebook'
  const authorizationEndpoint = details.authorize_url!
  for (const [name, url] of [
    ['authorize_url', authorizationEndpoint],
    ['token_url', details.token_url!],
    ['attributes_url', details.attributes_url!],
  ] as const) {
    const problem = endpointProblem(url, new URL(authorizationEndpoint).origin)
    if (problem) throw refused(provider, `its ${name} ${problem}`)
  }
  const endpoints: UpstreamEndpoints = {
    issuer: new URL(authorizationEndpoint).origin,
    authorizationEndpoint,
    tokenEndpoint: details.token_url!,
    tokenEndpointAuthMethods: ['client_secret_post'],
    // Neither sends RFC 9207's iss: an answer naming one is from someone else, and refused.
    issParameterSupported: false,
    fetch: (url, init) => fetch(url, init),
  }
  const idField = facebook ? 'id' : 'user_id'
  return {
    endpoints,
    scope: details.authorize_scopes!,
    openId: false,
    async redeem(input) {
      const answer = await tokenRequest(
        endpoints,
        { clientId: details.client_id!, clientSecret: details.client_secret! },
        {
          grant_type: 'authorization_code',
          code: input.code,
          redirect_uri: input.redirectUri,
          code_verifier: input.verifier,
        },
      ).catch((error: unknown) => {
        throw error instanceof ProviderUnreachable ? unreachableTokenEndpoint(provider) : error
      })
      const token = answer.body?.access_token
      if (typeof token !== 'string')
        throw new Error(
          `${provider.ProviderName} issued no access token (${describeError(answer.body)})`,
        )
      const url = new URL(details.attributes_url!)
      if (facebook) {
        url.searchParams.set('fields', facebookFields(provider))
        // Graph's proof that the caller holds the app secret, which apps may require.
        url.searchParams.set(
          'appsecret_proof',
          toHex(await hmacSha256(details.client_secret!, token)),
        )
      }
      const profile = await fetchResource(endpoints, url.toString(), token).catch(
        (error: unknown) => {
          throw error instanceof ProviderUnreachable
            ? new TemporarilyUnavailable(
                `${provider.ProviderName}'s profile API could not be reached; try again later.`,
                { status: 503 },
              )
            : error
        },
      )
      const id = profile.body?.[idField]
      if (profile.status !== 200 || typeof id !== 'string' || id === '' || id.length > 128)
        throw new Error(
          `${provider.ProviderName}'s profile names no user (${profile.status}: ${describeError(profile.body)})`,
        )
      return { ...profile.body, sub: id }
    },
  }
}

/** A provider's error, as much of it as is worth a message. */
function describeError(body: Record<string, unknown> | undefined): string {
  const error = body?.error
  if (typeof error === 'string')
    return `${error}${body?.error_description ? `: ${String(body.error_description)}` : ''}`.slice(
      0,
      200,
    )
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String((error as { message: unknown }).message).slice(0, 200)
  return 'no error given'
}
