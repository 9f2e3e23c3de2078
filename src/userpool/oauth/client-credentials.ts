import { validitySeconds } from '../clients/clients'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { signWithPoolKey } from '../pools/signing'
import { customizeClientCredentialsToken } from '../triggers/pre-token-generation'
import { customizeClaims, customizeScopes } from '../triggers/token-overrides'

/**
 * The client_credentials grant's access token: the client is the subject, custom scopes only, as a
 * V3_0 PreTokenGeneration function customizes it.
 */
export async function issueClientCredentialsToken(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  issuer: string,
  scopes: string[],
): Promise<{ accessToken: string; expiresIn: number }> {
  const now = Math.floor(services.now() / 1000)
  const expiresIn = validitySeconds(
    client.AccessTokenValidity,
    client.TokenValidityUnits.AccessToken,
  )
  const customization = await customizeClientCredentialsToken(services, pool, client, scopes)
  const claims = {
    sub: client.ClientId,
    token_use: 'access',
    scope: customizeScopes(scopes, customization).join(' '),
    auth_time: now,
    iss: issuer,
    exp: now + expiresIn,
    iat: now,
    version: 2,
    jti: crypto.randomUUID(),
    client_id: client.ClientId,
  }
  const accessToken = await signWithPoolKey(
    services,
    pool.Id,
    customizeClaims(claims, 'access', customization),
  )
  return { accessToken, expiresIn }
}
