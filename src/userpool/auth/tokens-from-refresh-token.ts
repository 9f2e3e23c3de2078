import { hasClientSecret, matchesClientSecret } from '../clients/client-secrets'
import { NotAuthorizedException } from '../../errors/cognito'
import { clientAllowsFlow } from '../clients/clients'
import type { ResolvedClient } from '../clients/client-auth'
import type { UserPoolServices } from '../services'
import type { AuthenticationResult } from '../tokens/issue-tokens'
import type { TriggerCaller } from '../triggers/trigger-event'
import { refreshSignIn } from './refresh-token'

/**
 * GetTokensFromRefreshToken: REFRESH_TOKEN_AUTH as its own operation, with the client secret
 * itself (not a SECRET_HASH) for clients that have one. With rotation the answer carries the new
 * refresh token, and reuse of a replaced one revokes the family.
 */
export async function tokensFromRefreshToken(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  input: {
    RefreshToken: string
    ClientSecret?: string
    DeviceKey?: string
    ClientMetadata?: Record<string, string>
  },
  issuer: string,
  caller?: TriggerCaller,
): Promise<AuthenticationResult> {
  if (hasClientSecret(client) && !matchesClientSecret(client, input.ClientSecret)) {
    throw new NotAuthorizedException(
      `Client ${client.ClientId} is configured with secret but the client secret was not received or does not match.`,
    )
  }
  if (!clientAllowsFlow(client, 'ALLOW_REFRESH_TOKEN_AUTH'))
    throw new NotAuthorizedException('Refresh Token flow not enabled for this client')
  // Unlike InitiateAuth's, this operation's ClientMetadata reaches PreTokenGeneration.
  const outcome = await refreshSignIn(services, pool, client, input.RefreshToken, {
    issuer,
    ...(caller ? { caller } : {}),
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    ...(input.DeviceKey ? { deviceKey: input.DeviceKey } : {}),
  })
  if (outcome.kind !== 'tokens') throw new NotAuthorizedException('Invalid Refresh Token')
  return outcome.result
}
