import { SignatureV4 } from '@smithy/signature-v4'
import { createApp } from '../../../src/app'
import { buildRuntime, type Platform, type Runtime } from '../../../src/config'
import { PasswordHasher } from '../../../src/crypto/password-hash'
import type { Env } from '../../../src/env'
import { readSettings } from '../../../src/environment'
import type { OutgoingMessage } from '../../../src/messaging/sender'
import { AttemptLedger, type LedgerStorage } from '../../../src/security/attempt-ledger'
import { memorySessionObjects } from '../../../src/storage/memory/memory-session-objects'
import { memoryStores } from '../../../src/storage/memory/memory-stores'
import { NodeSha256 } from './node-sha256'
import { reusedSigningKey } from './signing-keys'

const ACCESS_KEY_ID = 'AKIAUNITTEST00000000'
const SECRET_ACCESS_KEY = 'unit-test-secret-access-key-000000000000'
/** The admin key pair every test Worker accepts. */
export const TEST_ADMIN_KEY = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }
/** The auth host unit tests talk to (the IdP), and an app host (the gateway). */
export const AUTH = 'http://127.0.0.1:8787'
export const APP = 'http://localhost:8787'

/** Synchronous storage over a Map, copying values in and out as a Durable Object's storage would. */
function mapStorage(): LedgerStorage {
  const map = new Map<string, unknown>()
  return {
    get: <T>(key: string) => (map.has(key) ? (structuredClone(map.get(key)) as T) : undefined),
    put: (key, value) => void map.set(key, structuredClone(value)),
    delete: (key) => map.delete(key),
  }
}

export interface TestApp {
  /** The Worker's whole HTTP surface, in process (a Request keeps what it carries, such as `cf`). */
  fetch(url: string | Request, init?: RequestInit): Promise<Response>
  /** An unsigned Cognito JSON API call (public operations). */
  call(operation: string, body: unknown, headers?: Record<string, string>): Promise<Response>
  /** A SigV4-signed Cognito JSON API call with the test admin key (admin operations). */
  admin(
    operation: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<Record<string, unknown>>
  runtime: Runtime
  /** Every message the Worker sent (codes, invitations). */
  sent: OutgoingMessage[]
  /** The injected clock: epoch ms, and a way to move it. */
  now(): number
  advance(ms: number): void
  /** Waits for the work the Worker went on with after answering (custom senders). */
  settled(): Promise<void>
  /**
   * The same Worker (same stores, clock and sessions) with more variables: for settings that name
   * what only the running Worker could create, such as a `self:` gateway provider's pool.
   */
  withVariables(more: Record<string, string>): TestApp
  /**
   * The same Worker in another isolate: the same data, clock and variables, but per-isolate caches
   * of its own (they are kept per set of stores), for what another isolate sees of a write.
   */
  otherIsolate(): TestApp
}

interface Shared {
  clock: { now: number }
  /** Work the Worker went on with after answering, as `waitUntil` would keep it alive. */
  afterAnswer: Promise<void>[]
  platform: Platform
  sent: OutgoingMessage[]
  /** The Worker's bindings besides its Durable Objects (R2 buckets the gateway routes name). */
  bindings: Record<string, unknown>
}

/**
 * The Worker on memory stores, memory limiters and session objects, an injected clock, a fixed
 * sealer key and a cheap password hasher: the same routes, rules and wire as production, with
 * every request in process (hono's `app.request`). Variables are the Worker's own.
 */
export function testApp(
  variables: Record<string, string> = {},
  bindings: Record<string, unknown> = {},
): TestApp {
  const clock = { now: Date.UTC(2026, 0, 1, 12) }
  const now = () => clock.now
  const sent: OutgoingMessage[] = []
  const ledgers = new Map<string, AttemptLedger>()
  const afterAnswer: Promise<void>[] = []
  const platform: Platform = {
    afterAnswer: (work) => void afterAnswer.push(work),
    stores: memoryStores(now),
    limiter(name) {
      let ledger = ledgers.get(name)
      if (!ledger) {
        ledger = new AttemptLedger(mapStorage(), now)
        ledgers.set(name, ledger)
      }
      return ledger
    },
    sessionObjects: memorySessionObjects(now),
    now,
    hasher: new PasswordHasher([{ id: 'p1', key: new Uint8Array(16).fill(1) }], {
      iterationsPerRound: 1000,
      rounds: 1,
    }),
    senders: [{ send: async (message) => void sent.push(message) }],
    newSigningKey: reusedSigningKey,
  }
  return appOn({ clock, afterAnswer, platform, sent, bindings }, variables)
}

function appOn(shared: Shared, variables: Record<string, string>): TestApp {
  const { clock, afterAnswer, platform, sent, bindings } = shared
  const settings = readSettings({
    ADMIN_KEYS: `${ACCESS_KEY_ID}:${SECRET_ACCESS_KEY}`,
    KEY_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    PASSWORD_PEPPER: 'unit-test-pepper-0123456789',
    DIRECTORY_PARTITIONS: '3',
    SIGN_IN_LIMIT_PER_IP: '0',
    SIGN_IN_LIMIT_PER_ACCOUNT: '0',
    CODE_MESSAGES_PER_ACCOUNT_PER_HOUR: '0',
    ...variables,
  } as unknown as Env)
  const runtime = buildRuntime(settings, platform, bindings)
  const app = createApp({ runtime: () => runtime })
  const fetchApp = async (url: string | Request, init?: RequestInit) =>
    app.request(url, init, bindings)
  const signer = new SignatureV4({
    service: 'cognito-idp',
    region: 'us-east-1',
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    sha256: NodeSha256,
  })
  const target = (operation: string) => `AWSCognitoIdentityProviderService.${operation}`
  return {
    fetch: fetchApp,
    call: (operation, body, headers = {}) =>
      fetchApp(`${AUTH}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': target(operation),
          ...headers,
        },
        body: JSON.stringify(body),
      }),
    async admin(operation, body, headers = {}) {
      const url = new URL(`${AUTH}/`)
      const signed = await signer.sign(
        {
          method: 'POST',
          protocol: url.protocol,
          hostname: url.hostname,
          port: Number(url.port),
          path: '/',
          headers: {
            host: url.host,
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': target(operation),
            ...headers,
          },
          body: JSON.stringify(body),
        },
        { signingDate: new Date(clock.now) },
      )
      const response = await fetchApp(`${AUTH}/`, {
        method: 'POST',
        headers: signed.headers as Record<string, string>,
        body: JSON.stringify(body),
      })
      const json = (await response.json()) as Record<string, unknown>
      if (response.status !== 200) throw new Error(`${operation}: ${JSON.stringify(json)}`)
      return json
    },
    runtime,
    sent,
    now: () => clock.now,
    advance(ms) {
      clock.now += ms
    },
    async settled() {
      while (afterAnswer.length > 0) await afterAnswer.shift()
    },
    withVariables: (more) => appOn(shared, { ...variables, ...more }),
    otherIsolate: () =>
      appOn({ ...shared, platform: { ...platform, stores: { ...platform.stores } } }, variables),
  }
}
