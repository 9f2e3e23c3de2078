import { ConsoleAccessDenied } from '../../errors/hosted-ui'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import { listClients } from '../clients/clients'
import { listPools } from '../pools/pool-admin'
import { findPool } from '../store/pool-repository'
import type { UserPoolServices } from '../services'
import type { Operator } from './audit-log'

/**
 * The pool tag that makes a pool the console's: its value names the group whose members are the
 * operators. Tags are set only with the admin keys (CreateUserPool, TagResource), so designating a
 * pool needs the power the console grants anyway.
 */
export const CONSOLE_GROUP_TAG = 'portcullis:console-group'

/** The name of the console's app client in that pool (a public client, code + PKCE). */
export const CONSOLE_CLIENT_NAME = 'portcullis-console'

/** The console's pool, its client and the operators' group. */
export interface ConsolePool {
  pool: UserPoolConfig
  client: UserPoolClientConfig
  group: string
}

/** Pools read when looking for tagged ones: ListUserPools's largest page. */
const SCAN_LIMIT = 60

/** The group a pool's console tag names, when it has one. */
export function consoleGroupOf(pool: UserPoolConfig): string | undefined {
  const tags = pool.Extra.UserPoolTags as Record<string, string> | undefined
  const group = tags?.[CONSOLE_GROUP_TAG]
  return typeof group === 'string' && group !== '' ? group : undefined
}

/**
 * Pools whose tags match `wanted`, oldest first, among the first pools listed: how the console and
 * the landing page find the pools an administrator designated.
 */
export async function taggedPools(
  services: UserPoolServices,
  wanted: (pool: UserPoolConfig) => boolean,
): Promise<UserPoolConfig[]> {
  const { pools: entries } = await listPools(services, SCAN_LIMIT, undefined)
  const pools = await Promise.all(entries.map((entry) => findPool(services, entry.Id)))
  return pools
    .filter((pool): pool is UserPoolConfig => pool !== null && wanted(pool))
    .sort((a, b) => a.CreationDate - b.CreationDate || a.Id.localeCompare(b.Id))
}

/**
 * The console's pool: the oldest pool tagged `portcullis:console-group` that has the console client
 * (one designated pool; later tagged pools are ignored, so a second tag cannot take over). Null when
 * none is set up.
 */
export async function findConsolePool(services: UserPoolServices): Promise<ConsolePool | null> {
  for (const pool of await taggedPools(services, (p) => consoleGroupOf(p) !== undefined)) {
    const { clients } = await listClients(services, pool.Id, 60, undefined)
    const client = clients.find((c) => c.ClientName === CONSOLE_CLIENT_NAME)
    if (client) return { pool, client, group: consoleGroupOf(pool)! }
  }
  return null
}

/**
 * Whether a signed-in user of the console's pool may use the console: enabled and in the operators'
 * group now (checked on every request, so removing someone from the group or disabling them takes
 * effect at once). The operator as the audit log names them, or ConsoleAccessDenied.
 */
export function requireOperator(console: ConsolePool, user: UserRecord): Operator {
  if (!user.enabled || !user.groups.includes(console.group)) throw new ConsoleAccessDenied()
  return {
    poolId: console.pool.Id,
    username: user.username,
    displayName: user.attributes.name || user.attributes.email || user.username,
  }
}
