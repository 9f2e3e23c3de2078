import { InvalidParameterException } from '../../errors/cognito'
import { requirePool } from '../store/pool-repository'
import { changePool, deletePoolRecords } from '../store/pool-store'
import { listPoolEntries, type PoolEntry } from '../store/registry-store'
import { clearDirectory } from '../store/user-listing'
import { factorsAfterPoolSettings } from '../mfa/pool-settings-factors'
import { mutableSettings, type CreatePoolInput } from './pools'
import { mergeSchema, type SchemaAttributeInput } from '../attributes/schema'
import type { UserPoolServices } from '../services'

/** What UpdateUserPool may change; sign-in attributes, schema and case sensitivity are fixed. */
export type UpdatePoolInput = Omit<
  CreatePoolInput,
  'PoolName' | 'AliasAttributes' | 'UsernameAttributes' | 'UsernameConfiguration' | 'Schema'
> & { PoolName?: string }

/**
 * UpdateUserPool, with Cognito's semantics: members left out return to their defaults (so a caller
 * sends the whole configuration), except what cannot change after creation. The second factors
 * follow the SMS and email settings sent (see factorsAfterPoolSettings).
 */
export async function updatePool(
  services: UserPoolServices,
  poolId: string,
  input: UpdatePoolInput,
): Promise<void> {
  await requirePool(services, poolId)
  await changePool(services, poolId, (pool) => {
    const settings = mutableSettings(input)
    // The factors are replaced whole: a factor the answer leaves out is off.
    const { smsMfa: _sms, emailMfa: _email, softwareTokenMfa: _totp, ...rest } = pool
    return {
      ...rest,
      Name: input.PoolName ?? pool.Name,
      ...settings,
      ...factorsAfterPoolSettings(pool, settings),
    }
  })
}

/** AddCustomAttributes: new `custom:` (or `dev:`) attributes only. */
export async function addCustomAttributes(
  services: UserPoolServices,
  poolId: string,
  attributes: SchemaAttributeInput[],
): Promise<void> {
  await requirePool(services, poolId)
  await changePool(services, poolId, (pool) => ({
    ...pool,
    SchemaAttributes: mergeSchema(pool.SchemaAttributes, attributes, { creating: false }),
  }))
}

/**
 * DeleteUserPool: refused under deletion protection. The pool's listing, domain, configuration,
 * clients (with their index) and keys go first, so no request finds the pool any more; then every
 * directory partition.
 */
export async function deletePool(services: UserPoolServices, poolId: string): Promise<void> {
  const pool = await requirePool(services, poolId)
  if (pool.DeletionProtection === 'ACTIVE')
    throw new InvalidParameterException(
      'The user pool cannot be deleted because deletion protection is activated.',
    )
  await deletePoolRecords(services, pool.Id)
  await clearDirectory(services, pool)
}

/** ListUserPools: pools in id order, paged by the last id. */
export async function listPools(
  services: UserPoolServices,
  limit: number,
  after: string | undefined,
): Promise<{ pools: PoolEntry[]; next?: string }> {
  return listPoolEntries(services, limit, after)
}
