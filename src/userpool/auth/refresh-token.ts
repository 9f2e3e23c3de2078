import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import { getUserByUsername } from '../store/directory'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { signUserTokens, userTokenCustomization } from '../tokens/issue-tokens'
import type { TokenGenerationRequest } from '../triggers/pre-token-generation'
import type { TokenCustomization } from '../triggers/token-overrides'
import type { UserRecord } from '../model'
import { redeemRefreshToken, type RedeemOptions } from '../tokens/refresh-tokens'
import type { AuthOutcome, AuthRequestContext } from './outcome'
import { startedBeforeValidity } from '../tokens/token-validity'
import { assertRefreshDevice } from '../devices/device-sign-in'

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
  options: Pick<RedeemOptions, 'alwaysRotate'> = {},
): Promise<AuthOutcome> {
  if (!refreshToken) throw new InvalidParameterException('Missing required parameter REFRESH_TOKEN')
  const generation: TokenGenerationRequest = {
    source: 'TokenGeneration_RefreshTokens',
    ...(context.caller ? { caller: context.caller } : {}),
    ...(context.clientMetadata ? { clientMetadata: context.clientMetadata } : {}),
  }
  // The user is checked and PreTokenGeneration run before the token is rotated: a refusal leaves
  // the client's refresh token as it was.
  let prepared: { user: UserRecord; customization: TokenCustomization } | undefined
  const redeemed = await redeemRefreshToken(services, pool, client, refreshToken, {
    ...options,
    beforeRedeem: async (family) => {
      const loaded = await getUserByUsername(services, pool, family.username)
      if (!loaded) throw new NotAuthorizedException('Refresh Token has been revoked')
      const { user } = loaded
      if (!user.enabled) throw new NotAuthorizedException('User is disabled.')
      if (startedBeforeValidity(user, family.createdAt))
        throw new NotAuthorizedException('Refresh Token has been revoked')
      await assertRefreshDevice(services, pool, user, family, context.deviceKey)
      prepared ??= {
        user,
        customization: await userTokenCustomization(
          services,
          pool,
          client,
          user,
          generation,
          ...(family.scopes ? [family.scopes] : []),
        ),
      }
    },
  })
  if (!prepared) throw new NotAuthorizedException('Refresh Token has been revoked')
  const { user, customization } = prepared
  const signed = await signUserTokens(services, pool, client, user, {
    issuer: context.issuer,
    originJti: redeemed.family.originJti,
    authTime: redeemed.family.authTime,
    ...(redeemed.family.scopes ? { scopes: redeemed.family.scopes } : {}),
    ...(redeemed.family.eventId ? { eventId: redeemed.family.eventId } : {}),
    ...(redeemed.family.deviceKey ? { deviceKey: redeemed.family.deviceKey } : {}),
    customization,
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
