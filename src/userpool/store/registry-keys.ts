import { storeKey, storeKeyPrefix } from '../../storage/keys'

/**
 * Every key of the registry (`stores.registry()`), the one store that spans pools, and the only
 * place they are spelled. Ids and domain names reach a key only through `storeKey`.
 */
export const registryKeys = {
  /** A pool's listing entry (id, name, dates), for ListUserPools. */
  pool: (poolId: string) => storeKey('pool', poolId),
  pools: storeKeyPrefix('pool'),
  /**
   * Client → pool: public operations name only a ClientId, which carries no pool. Written before
   * the client itself, removed after it.
   */
  clientPool: (clientId: string) => storeKey('client-pool', clientId),
  /** Domain → pool: each hosted-UI domain name is claimed once across all pools (case-blind). */
  domain: (domain: string) => storeKey('domain', domain.toLowerCase()),
  /** One entry of the console's audit log; ids sort newest first. */
  consoleAudit: (entryId: string) => storeKey('console-audit', entryId),
  consoleAudits: storeKeyPrefix('console-audit'),
} as const
