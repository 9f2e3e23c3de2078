import { constantTimeEqual, utf8 } from '../../crypto/encoding'
import { cognitoSecretHash } from '../../crypto/hash'
import { NotAuthorizedException, ResourceNotFoundException } from '../../errors/cognito'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import { clientSecrets } from './client-secrets'
import { requireClient, requirePool } from '../store/pool-repository'
import { poolIdForClient } from '../store/registry-store'
import type { UserPoolServices } from '../services'

export interface ResolvedClient {
  pool: UserPoolConfig
  client: UserPoolClientConfig
}

/** Finds the pool and client a public operation names by ClientId alone. */
export async function resolveClient(
  services: UserPoolServices,
  clientId: string,
): Promise<ResolvedClient> {
  const poolId = await poolIdForClient(services, clientId)
  if (!poolId) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`)
  const pool = await requirePool(services, poolId)
  return { pool, client: await requireClient(services, poolId, clientId) }
}

/**
 * Checks SECRET_HASH for a client with a secret: Base64(HMAC-SHA256(secret, username + clientId)).
 * A client without a secret ignores it, as Cognito does.
 */
export async function verifySecretHash(
  client: UserPoolClientConfig,
  username: string,
  secretHash: string | undefined,
): Promise<void> {
  const secrets = clientSecrets(client)
  if (secrets.length === 0) return
  if (!secretHash)
    throw new NotAuthorizedException(
      `Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`,
    )
  // During a rotation a hash made with either live secret is accepted; each is checked.
  let matched = false
  for (const secret of secrets) {
    const expected = await cognitoSecretHash(secret.value, username, client.ClientId)
    if (constantTimeEqual(utf8(expected), utf8(secretHash))) matched = true
  }
  if (!matched) {
    throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.ClientId}`)
  }
}
