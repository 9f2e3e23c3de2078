import { randomToken } from '../../crypto/random'
import { registryKeys } from '../store/registry-keys'
import type { UserPoolServices } from '../services'

/** Who did something in the console: an operator of the console's pool. */
export interface Operator {
  poolId: string
  username: string
  /** What people call the operator: the `name` or `email` attribute, else the username. */
  displayName: string
}

/** One recorded console action. */
export interface AuditEntry {
  /** Epoch ms. */
  at: number
  operator: Operator
  /** What was done, e.g. `CreateUserPool` (the Cognito operation's name where there is one). */
  action: string
  /** What it was done to, e.g. a pool id, or `poolId/username`. */
  target: string
  /** `ok`, or the public message of the error that refused it. */
  outcome: string
}

/** Largest epoch-ms value the key's inverted clock spells (year 2286): keys sort newest first. */
const CLOCK_END = 9_999_999_999_999

/**
 * Records one console action in the registry (the store that spans pools: the log outlives any pool
 * it names). Keys start with the inverted time so that a plain ascending list reads newest first; a
 * random tail keeps two actions of one millisecond apart.
 */
export async function recordConsoleAction(
  services: UserPoolServices,
  entry: Omit<AuditEntry, 'at'>,
): Promise<void> {
  const at = services.now()
  const id = `${String(CLOCK_END - at).padStart(13, '0')}-${randomToken(6)}`
  const value: AuditEntry = { at, ...entry }
  await services.stores.registry().commit({ put: [{ key: registryKeys.consoleAudit(id), value }] })
}

/** The most recent console actions, newest first. */
export async function listConsoleActions(
  services: UserPoolServices,
  limit: number,
): Promise<AuditEntry[]> {
  const page = await services.stores
    .registry()
    .list<AuditEntry>(registryKeys.consoleAudits, { limit })
  return page.records.map((record) => record.value)
}
