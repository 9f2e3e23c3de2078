import { constantTimeEqual, utf8 } from '../../crypto/encoding'
import { randomString } from '../../crypto/random'
import {
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException as ResourceNotFound,
} from '../../errors/cognito'
import { newClientSecret } from '../pools/ids'
import type { ClientSecretRecord, UserPoolClientConfig } from '../model'
import { requireClient, requirePool } from '../store/pool-repository'
import { clientRecords } from '../store/pool-store'
import { epochSeconds, type UserPoolServices } from '../services'

/** Cognito lets an app client hold two secrets at once, so one can replace the other. */
export const MAX_CLIENT_SECRETS = 2

/** The client's live secrets, oldest first (one for a client stored before rotation existed). */
export function clientSecrets(client: UserPoolClientConfig): ClientSecretRecord[] {
  if (client.secrets) return client.secrets
  if (!client.ClientSecret) return []
  return [
    { id: `${client.ClientId}--1`, value: client.ClientSecret, createdAt: client.CreationDate },
  ]
}

/** Whether a client has any secret (a confidential client). */
export const hasClientSecret = (client: UserPoolClientConfig): boolean =>
  clientSecrets(client).length > 0

/** Whether `given` is one of the client's live secrets (each compared in constant time). */
export function matchesClientSecret(
  client: UserPoolClientConfig,
  given: string | undefined,
): boolean {
  if (given === undefined) return false
  let matched = false
  for (const secret of clientSecrets(client))
    if (constantTimeEqual(utf8(secret.value), utf8(given))) matched = true
  return matched
}

/** A client record with `secrets` as its secrets and ClientSecret the first of them. */
function withSecrets(
  client: UserPoolClientConfig,
  secrets: ClientSecretRecord[],
  now: number,
): UserPoolClientConfig {
  const { ClientSecret: _old, ...rest } = client
  return {
    ...rest,
    ...(secrets[0] ? { ClientSecret: secrets[0].value } : {}),
    secrets,
    LastModifiedDate: now,
  }
}

/**
 * AddUserPoolClientSecret: a second secret for a confidential client, the value given or
 * generated. Refused when the client holds two already (LimitExceededException) and for a client
 * made without a secret (its apps send none: a secret would lock them out).
 */
export async function addClientSecret(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
  value: string | undefined,
): Promise<ClientSecretRecord> {
  const pool = await requirePool(services, poolId)
  await requireClient(services, pool.Id, clientId)
  const now = epochSeconds(services)
  const added: ClientSecretRecord = {
    id: `${clientId}--${randomString(16, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
    value: value ?? newClientSecret(),
    createdAt: now,
  }
  await clientRecords.replace(services, pool.Id, clientId, (client) => {
    const secrets = clientSecrets(client)
    if (secrets.length === 0)
      throw new InvalidParameterException(`Client ${clientId} has no client secret to rotate.`)
    if (secrets.length >= MAX_CLIENT_SECRETS)
      throw new LimitExceededException(
        `Client ${clientId} already has ${MAX_CLIENT_SECRETS} client secrets: delete one first.`,
      )
    if (secrets.some((s) => s.value === added.value))
      throw new InvalidParameterException('The client already has this secret.')
    return withSecrets(client, [...secrets, added], now)
  })
  return added
}

/**
 * DeleteUserPoolClientSecret: the secret stops working at once. The last secret of a client cannot
 * be deleted (the client would turn public).
 */
export async function deleteClientSecret(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
  secretId: string,
): Promise<void> {
  const pool = await requirePool(services, poolId)
  await requireClient(services, pool.Id, clientId)
  const now = epochSeconds(services)
  await clientRecords.replace(services, pool.Id, clientId, (client) => {
    const secrets = clientSecrets(client)
    if (!secrets.some((s) => s.id === secretId))
      throw new ResourceNotFound(`Client secret ${secretId} does not exist.`)
    if (secrets.length === 1)
      throw new InvalidParameterException('The only secret of a client cannot be deleted.')
    return withSecrets(
      client,
      secrets.filter((s) => s.id !== secretId),
      now,
    )
  })
}

/** ListUserPoolClientSecrets: ids and creation dates only; a value is shown once, when added. */
export async function listClientSecrets(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
): Promise<Array<Omit<ClientSecretRecord, 'value'>>> {
  const pool = await requirePool(services, poolId)
  const client = await requireClient(services, pool.Id, clientId)
  return clientSecrets(client).map(({ id, createdAt }) => ({ id, createdAt }))
}
