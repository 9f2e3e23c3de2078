import { hasClientSecret, matchesClientSecret } from '../clients/client-secrets'
import { UnauthorizedException, UnsupportedOperationException } from '../../errors/cognito'
import type { LoadedUser } from '../store/directory'
import { updateUser } from '../store/users'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { revokeRefreshFamily } from './refresh-tokens'

/** GlobalSignOut / AdminUserGlobalSignOut: every token family started before now is revoked. */
export async function signOutEverywhere(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
): Promise<void> {
  await updateUser(services, pool, loaded, (user) => ({
    ...user,
    tokensValidAfter: services.now(),
  }))
}

/**
 * RevokeToken: revokes the refresh token's family (and so the access tokens it issued). The client
 * must allow revocation and, if it has a secret, present it.
 */
export async function revokeToken(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  token: string,
  clientSecret: string | undefined,
): Promise<void> {
  if (!client.EnableTokenRevocation)
    throw new UnsupportedOperationException('Token revocation is not enabled for this client.')
  if (hasClientSecret(client) && !matchesClientSecret(client, clientSecret)) {
    throw new UnauthorizedException('Invalid client secret.')
  }
  await revokeRefreshFamily(services, pool, client, token)
}
