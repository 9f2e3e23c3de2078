import { Sealer } from '../../../src/crypto/aead'
import { PasswordHasher } from '../../../src/crypto/password-hash'
import type { OutgoingMessage } from '../../../src/messaging/sender'
import { AttemptLedger, type LedgerStorage } from '../../../src/security/attempt-ledger'
import { limitsOver } from '../../../src/security/sign-in-limits'
import { memoryStores } from '../../../src/storage/memory/memory-stores'
import { adminCreateUser } from '../../../src/userpool/users/create-user'
import { adminSetUserPassword } from '../../../src/userpool/users/set-password'
import { createClient, type ClientSettings } from '../../../src/userpool/clients/clients'
import type { ResolvedClient } from '../../../src/userpool/clients/client-auth'
import { createPool, type CreatePoolInput } from '../../../src/userpool/pools/pools'
import type { UserPoolServices } from '../../../src/userpool/services'

import { testFunctions } from './functions'
import { reusedSigningKey } from './signing-keys'

export const PASSWORD = 'Unit-Test-Pass-42'

/** Synchronous storage over a Map, copying values in and out as a Durable Object's storage would. */
function mapStorage(): LedgerStorage {
  const map = new Map<string, unknown>()
  return {
    get: <T>(key: string) => (map.has(key) ? (structuredClone(map.get(key)) as T) : undefined),
    put: (key, value) => void map.set(key, structuredClone(value)),
    delete: (key) => map.delete(key),
  }
}

/**
 * The user-pool services on memory stores, with the limiters the Worker uses (one ledger per key,
 * each call atomic) held in memory, a clock that moves only when told, and an outbox.
 */
export function testServices() {
  const functions = testFunctions()
  let now = Date.UTC(2026, 0, 1)
  const ledgers = new Map<string, AttemptLedger>()
  const sent: OutgoingMessage[] = []
  const afterAnswer: Promise<void>[] = []
  const services: UserPoolServices = {
    afterAnswer: (work) => void afterAnswer.push(work),
    stores: memoryStores(() => now),
    sealer: new Sealer(new Uint8Array(32).fill(7)),
    hasher: new PasswordHasher([{ id: 'p1', key: new Uint8Array(16).fill(1) }], {
      iterationsPerRound: 1000,
      rounds: 1,
    }),
    limits: limitsOver((name) => {
      const ledger = ledgers.get(name) ?? new AttemptLedger(mapStorage(), () => now)
      ledgers.set(name, ledger)
      return ledger
    }, {}),
    messages: { send: async (message) => void sent.push(message) },
    region: 'us-east-1',
    defaultPartitions: 2,
    newSigningKey: reusedSigningKey,
    functions: functions.invoker,
    triggerBudgetMs: 50,
    now: () => now,
  }
  return {
    services,
    sent,
    /** Trigger functions by ARN (add to `handlers`) and the events sent to them. */
    functions,
    advance(ms: number) {
      now += ms
    },
    /** Waits for the work the services went on with after answering (custom senders). */
    async settled() {
      while (afterAnswer.length > 0) await afterAnswer.shift()
    },
  }
}

/** A pool and an app client on the given services. */
export async function poolWithClient(
  services: UserPoolServices,
  pool: Partial<CreatePoolInput> = {},
  client: ClientSettings = {},
): Promise<ResolvedClient> {
  const created = await createPool(services, { PoolName: 'unit', ...pool })
  return {
    pool: created,
    client: await createClient(services, created.Id, {
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'],
      ...client,
    }),
  }
}

/** A CONFIRMED user with PASSWORD; returns the stored username. */
export async function confirmedUser(
  services: UserPoolServices,
  { pool }: ResolvedClient,
  username: string,
  attributes: Array<{ Name: string; Value: string }> = [],
): Promise<string> {
  const user = await adminCreateUser(services, pool, {
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: attributes,
  })
  await adminSetUserPassword(services, pool, user.username, PASSWORD, true)
  return user.username
}
