import { hasClientSecret, matchesClientSecret } from '../clients/client-secrets'
import { toBase64Url } from '../../crypto/encoding'
import { sha256 } from '../../crypto/hash'
import { NotAuthorizedException, ResourceNotFoundException } from '../../errors/cognito'
import { InvalidClient, InvalidGrant, InvalidRequest, UnauthorizedClient } from '../../errors/oauth'
import { refreshSignIn } from '../auth/refresh-token'
import { resolveClient, type ResolvedClient } from '../clients/client-auth'
import { validitySeconds } from '../clients/clients'
import type { UserPoolServices } from '../services'
import { signUserTokens, userTokenCustomization } from '../tokens/issue-tokens'
import type { TokenCustomization } from '../triggers/token-overrides'
import { redeemAuthorizationCode } from './authorization-codes'
import { issueClientCredentialsToken } from './client-credentials'
import { grantScopes } from './scopes'

/** The token endpoint's JSON answer (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string
  id_token?: string
  refresh_token?: string
  token_type: 'Bearer'
  expires_in: number
}

/**
 * Authenticates the client at the token endpoint: a client with a secret must present it
 * (client_secret_basic or client_secret_post); a public client presents only its id.
 */
export async function authenticateOAuthClient(
  services: UserPoolServices,
  clientId: string | undefined,
  secret: string | undefined,
): Promise<ResolvedClient> {
  if (!clientId) throw new InvalidClient('client_id is required')
  let resolved: ResolvedClient
  try {
    resolved = await resolveClient(services, clientId)
  } catch (error) {
    if (error instanceof ResourceNotFoundException) throw new InvalidClient()
    throw error
  }
  const confidential = hasClientSecret(resolved.client)
  // During a rotation either live secret is accepted.
  if (confidential && !matchesClientSecret(resolved.client, secret)) throw new InvalidClient()
  if (!confidential && secret !== undefined && secret !== '') throw new InvalidClient()
  return resolved
}

const pkceChallenge = async (verifier: string): Promise<string> =>
  toBase64Url(await sha256(verifier))

/** authorization_code: PKCE, redirect URI and client binding checked; the code works once. */
export async function exchangeAuthorizationCode(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  input: { code?: string; redirectUri?: string; codeVerifier?: string },
  issuer: string,
): Promise<TokenResponse> {
  if (!input.code) throw new InvalidRequest('code is required')
  const refreshSeconds = validitySeconds(
    client.RefreshTokenValidity,
    client.TokenValidityUnits.RefreshToken,
  )
  let customization: TokenCustomization | undefined
  const { grant, user, refreshToken, family } = await redeemAuthorizationCode(
    services,
    pool,
    client,
    input.code,
    refreshSeconds,
    async (grant) => {
      if (grant.clientId !== client.ClientId)
        throw new InvalidGrant('The code was issued to another client')
      if (grant.redirectUri !== input.redirectUri)
        throw new InvalidGrant('redirect_uri does not match the authorization request')
      if (grant.codeChallenge !== undefined) {
        if (!input.codeVerifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(input.codeVerifier))
          throw new InvalidGrant('A valid code_verifier is required')
        if ((await pkceChallenge(input.codeVerifier)) !== grant.codeChallenge)
          throw new InvalidGrant('code_verifier does not match the code_challenge')
      } else if (input.codeVerifier !== undefined) {
        // A verifier for a code requested without a challenge is a downgrade attempt (RFC 9700 §4.8).
        throw new InvalidGrant('code_verifier given for a code issued without PKCE')
      }
    },
    // A refusal leaves the code unused and no refresh family behind.
    async (grant, user) => {
      customization = await userTokenCustomization(
        services,
        pool,
        client,
        user,
        { source: 'TokenGeneration_HostedAuth' },
        grant.scopes,
      )
    },
  )
  const signed = await signUserTokens(services, pool, client, user, {
    issuer,
    originJti: family.originJti,
    authTime: grant.authTime,
    scopes: grant.scopes,
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
    ...(customization ? { customization } : {}),
    ...(grant.eventId ? { eventId: grant.eventId } : {}),
  })
  return {
    access_token: signed.accessToken,
    ...(grant.scopes.includes('openid') ? { id_token: signed.idToken } : {}),
    refresh_token: refreshToken,
    token_type: 'Bearer',
    expires_in: signed.expiresIn,
  }
}

/**
 * refresh_token: always rotated here, with reuse detection (RFC 9700 §4.14). Same store as the
 * JSON API; a family begun on a remembered device needs that device's `device_key`, as there.
 */
export async function refreshTokenGrant(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  refreshToken: string | undefined,
  issuer: string,
  deviceKey?: string,
): Promise<TokenResponse> {
  if (!refreshToken) throw new InvalidRequest('refresh_token is required')
  try {
    const outcome = await refreshSignIn(
      services,
      pool,
      client,
      refreshToken,
      { issuer, ...(deviceKey ? { deviceKey } : {}) },
      { alwaysRotate: true },
    )
    if (outcome.kind !== 'tokens') throw new InvalidGrant('Invalid refresh token')
    const { AccessToken, IdToken, RefreshToken, ExpiresIn } = outcome.result
    return {
      access_token: AccessToken,
      id_token: IdToken,
      ...(RefreshToken ? { refresh_token: RefreshToken } : {}),
      token_type: 'Bearer',
      expires_in: ExpiresIn,
    }
  } catch (error) {
    if (error instanceof NotAuthorizedException) throw new InvalidGrant(error.message)
    throw error
  }
}

/** client_credentials: confidential clients only, custom scopes only. */
export async function clientCredentialsGrant(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  scope: string | undefined,
  issuer: string,
): Promise<TokenResponse> {
  if (!client.ClientSecret)
    throw new UnauthorizedClient('client_credentials requires a confidential client')
  if (
    !(client.AllowedOAuthFlows ?? []).includes('client_credentials') ||
    !client.AllowedOAuthFlowsUserPoolClient
  )
    throw new UnauthorizedClient('client_credentials is not enabled for this client')
  const scopes = await grantScopes(services, pool, client, scope, 'client_credentials')
  const { accessToken, expiresIn } = await issueClientCredentialsToken(
    services,
    pool,
    client,
    issuer,
    scopes,
  )
  return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn }
}
