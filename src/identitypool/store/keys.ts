import { storeKey, storeKeyPrefix } from '../../storage/keys'
import type { Login } from '../model'

/**
 * The keys of the identity-pool stores:
 * - an identity pool's own store holds its configuration (`config`);
 * - its identity partitions hold identities (`identity:{id}`) in the partition of the identity's
 *   key, and the login index (`login:{provider}:{subject}` → identity id) in the partition of the
 *   login's key;
 * - the identity-id index (`identity-pool-of:{id}` → pool id), spread over INDEX_PARTITIONS
 *   stores of its own, answers the operations that name an identity without its pool;
 * - the registry lists identity pools under `identity-pool:{id}`.
 */
export const identityPoolKeys = {
  config: 'config',
  identity: (identityId: string) => storeKey('identity', identityId),
  identityPrefix: storeKeyPrefix('identity'),
  login: (login: Login) => storeKey('login', login.provider, login.subject),
  poolOf: (identityId: string) => storeKey('identity-pool-of', identityId),
  registry: (identityPoolId: string) => storeKey('identity-pool', identityPoolId),
  registryPrefix: storeKeyPrefix('identity-pool'),
} as const

/** The name of the identity-id index's stores (no identity pool id looks like it). */
export const INDEX_STORE = 'identity-index'
export const INDEX_PARTITIONS = 8
