import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import { getUserByUsername } from '../store/directory'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { signUserTokens } from '../tokens/issue-tokens'
import { redeemRefreshToken } from '../tokens/refresh-tokens'
import type { AuthOutcome, AuthRequestContext } from './outcome'
import { startedBeforeValidity } from '../tokens/token-validity'

/**
 * REFRESH_TOKEN_AUTH: new ID and access tokens from a refresh token, for a user who still exists,
 * is enabled and has not signed out globally since the family began.
 */
export async function refreshSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  refreshToken: string | undefined,
  context: AuthRequestContext,
  options: { alwaysRotate?: boolean } = {},
): Promise<AuthOutcome> {
  if (!refreshToken) throw new InvalidParameterException('Missing required parameter REFRESH_TOKEN')
  const redeemed = await redeemRefreshToken(services, pool, client, refreshToken, options)
  const loaded = await getUserByUsername(services, pool, redeemed.family.username)
  if (!loaded) throw new NotAuthorizedException('Refresh Token has been revoked')
  const { user } = loaded
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.')
  if (startedBeforeValidity(user, redeemed.family.createdAt))
    throw new NotAuthorizedException('Refresh Token has been revoked')
  const signed = await signUserTokens(services, pool, client, user, {
    issuer: context.issuer,
    originJti: redeemed.family.originJti,
    authTime: redeemed.family.authTime,
    ...(redeemed.family.scopes ? { scopes: redeemed.family.scopes } : {}),
    generation: {
      source: 'TokenGeneration_RefreshTokens',
      ...(context.caller ? { caller: context.caller } : {}),
      ...(context.clientMetadata ? { clientMetadata: context.clientMetadata } : {}),
    },
  })
  return {
    kind: 'tokens',
    result: {
      AccessToken: signed.accessToken,
      ExpiresIn: signed.expiresIn,
      TokenType: 'Bearer',
      IdToken: signed.idToken,
      ...(redeemed.rotatedToken ? { RefreshToken: redeemed.rotatedToken } : {}),
    },
  }
}
