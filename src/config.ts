import { Sealer } from './crypto/aead'
import { utf8 } from './crypto/encoding'
import { DEFAULT_PASSWORD_HASH_PARAMETERS, PasswordHasher } from './crypto/password-hash'
import { generateSigningKey, type SigningKeyPair } from './crypto/signing-keys'
import type { Env } from './env'
import { readSettings, type Settings } from './environment'
import { hostPolicy, isConfiguredAuthHost, type HostPolicy } from './http/hosts'
import { GatewayConfigError, parseGatewayConfig, type GatewayConfig } from './gateway/config'
import { durableSessionStore } from './gateway/durable-session-store'
import { originBindingProblems, type WorkerBindings } from './gateway/origin-fetch'
import type { SessionStore } from './gateway/session-store'
import { derivedGatewaySigner, type GatewaySigner } from './gateway/signer'
import { devOutbox } from './messaging/dev-outbox'
import { configuredSenders } from './messaging/configured-senders'
import { fanOut, type MessageSender } from './messaging/sender'
import { webhookSender } from './messaging/webhook'
import { functionInvoker } from './http/functions/function-targets'
import { parseAdminKeys } from './http/sigv4/admin-signature'
import type { KeyLimiter } from './security/attempt-ledger'
import type { LoginEndpoints } from './identitypool/logins/endpoints'
import { rangeApiCorpus } from './security/breach-corpus'
import { limitsOver } from './security/sign-in-limits'
import type { RateRule } from './security/token-bucket'
import { durableObjectStores } from './storage/do/stores'
import type { Stores } from './storage/record-store'
import type { SessionObjects } from './storage/session-keeper'
import type { UserPoolServices } from './userpool/services'
import type { PushSockets } from './storage/push-sockets'
import { durablePushSockets } from './storage/do/push-sockets'
import type { SyncDeliveries } from './sync/services'
import type { StreamQueue } from './sync/streams/stream-queue'
import { pushWebhook } from './http/push-webhook'

/** Everything built from the environment once per isolate. */
export interface Runtime {
  /** The domains' services: the user pools', and the sync API's deliveries beside them. */
  services: UserPoolServices & SyncDeliveries
  /** The gateway's route table, or why it is invalid (reported on every gateway request). */
  gateway: GatewayConfig | GatewayConfigError
  /** Which hosts serve the identity provider; every other host is the gateway's. */
  hosts: HostPolicy
  /** Where the gateway keeps browser sessions (a Durable Object each). */
  gatewaySessions: SessionStore
  /** The gateway's `x-amzn-oidc-data` signer, derived once per isolate from the key-encryption key. */
  gatewaySigner(): Promise<GatewaySigner>
  adminKeys: Map<string, string>
  outbox: ReturnType<typeof devOutbox> | undefined
  publicOrigin: string | undefined
  /** Where identity pools check public providers' logins. */
  loginEndpoints: LoginEndpoints
}

/**
 * What a runtime runs on: Durable Objects and the real clock on Workers; memory stores, memory
 * limiters and session objects, an injected clock and a cheap hasher in unit tests.
 */
export interface Platform {
  stores: Stores
  /** The limiter object of one key (a client address, an account). */
  limiter(name: string): KeyLimiter
  /** The gateway's session objects, by name. */
  sessionObjects: SessionObjects
  now(): number
  /** Replaces the hasher the settings describe (unit tests use a cheap one). */
  hasher?: PasswordHasher
  /** Senders besides those the settings configure (unit tests record what was sent). */
  senders?: MessageSender[]
  /** The Worker's `send_email` binding (SEND_EMAIL), when it has one. */
  sendEmail?: SendEmail
  /** Shortens each trigger attempt's budget (unit tests of a function that never answers). */
  triggerBudgetMs?: number
  /** Replaces RSA key generation (unit tests reuse pre-made key material). */
  newSigningKey?: () => Promise<SigningKeyPair>
  /** Keeps work alive after the answer: the Worker's `waitUntil`; unit tests keep and await it. */
  afterAnswer(work: Promise<void>): void
  /** The identities' push sockets (their sync objects on Workers; a unit test's own, or none). */
  pushSockets?: PushSockets
  /** The Cognito Streams Queue (SYNC_STREAM on Workers, when bound). */
  syncStream?: StreamQueue
}

/** The Worker's platform: its Durable Object namespaces and the real clock. */
export function workerPlatform(env: Env, afterAnswer: Platform['afterAnswer']): Platform {
  return {
    afterAnswer,
    stores: durableObjectStores(env),
    limiter: (name) => env.RATE_LIMITER.getByName(name),
    sessionObjects: env.GATEWAY_SESSIONS,
    now: () => Date.now(),
    pushSockets: durablePushSockets(env.SYNC_IDENTITY),
    ...(env.SYNC_STREAM ? { syncStream: jsonQueue(env.SYNC_STREAM) } : {}),
    ...(env.SEND_EMAIL ? { sendEmail: env.SEND_EMAIL } : {}),
  }
}

/** A Queue producer that sends JSON (readable by a consumer in any language, not only a Worker). */
function jsonQueue(queue: Queue): StreamQueue {
  return { send: (record) => queue.send(record, { contentType: 'json' }) }
}

/**
 * Everything the Worker needs, from its settings and platform. `bindings` are the Worker's own
 * (the gateway checks that the bindings its routes name exist).
 */
export function buildRuntime(
  settings: Settings,
  platform: Platform,
  bindings: WorkerBindings,
): Runtime {
  const { stores, now } = platform
  const outbox = settings.devOutbox ? devOutbox(stores, now) : undefined
  const senders: MessageSender[] = [...(platform.senders ?? [])]
  if (outbox) senders.push(outbox)
  const webhook = settings.messageWebhook
    ? webhookSender(settings.messageWebhook.url, settings.messageWebhook.secret, now)
    : undefined
  senders.push(configuredSenders(settings.delivery, webhook, platform.sendEmail, now))
  const sealer = new Sealer(settings.keyEncryptionKey)
  let signer: Promise<GatewaySigner> | undefined
  const gateway = gatewayConfigFrom(settings, bindings)
  const hosts = hostPolicy({
    authHosts: settings.authHosts,
    publicOrigin: settings.publicOrigin,
    // A table that does not parse was meant to route something: keep the IdP off app hosts then too.
    gatewayHasRoutes: gateway instanceof GatewayConfigError || gateway.routes.length > 0,
  })
  return {
    services: {
      stores,
      sealer,
      hasher:
        platform.hasher ??
        new PasswordHasher([{ id: 'p1', key: utf8(settings.passwordPepper) }], {
          ...DEFAULT_PASSWORD_HASH_PARAMETERS,
          ...(settings.passwordHashRounds !== undefined
            ? { rounds: settings.passwordHashRounds }
            : {}),
        }),
      limits: limitsOver(platform.limiter, {
        ip: perWindow(settings.signInLimitPerIp, settings.signInLimitWindowSeconds),
        account: perWindow(settings.signInLimitPerAccount, settings.signInLimitWindowSeconds),
        messages: perHour(settings.codeMessagesPerAccountPerHour),
      }),
      messages: fanOut(senders),
      region: settings.region,
      defaultPartitions: settings.directoryPartitions,
      newSigningKey: platform.newSigningKey ?? generateSigningKey,
      functions: functionInvoker(settings.triggerTargets, bindings, now),
      ...(platform.triggerBudgetMs !== undefined
        ? { triggerBudgetMs: platform.triggerBudgetMs }
        : {}),
      afterAnswer: platform.afterAnswer,
      ...(settings.breachCorpusRangeUrl !== undefined
        ? { breachCorpus: rangeApiCorpus(settings.breachCorpusRangeUrl) }
        : {}),
      socialEndpoints: settings.socialEndpoints,
      now,
      ...(platform.pushSockets ? { pushSockets: platform.pushSockets } : {}),
      ...(platform.syncStream ? { syncStream: platform.syncStream } : {}),
      ...(settings.pushWebhook
        ? {
            deviceNotifier: pushWebhook(settings.pushWebhook.url, settings.pushWebhook.secret, now),
          }
        : {}),
    },
    adminKeys: parseAdminKeys(settings.adminKeys),
    gateway: gateway instanceof GatewayConfigError ? gateway : withHostProblems(gateway, hosts),
    hosts,
    gatewaySessions: durableSessionStore(
      platform.sessionObjects,
      sealer,
      gateway instanceof GatewayConfigError ? 0 : gateway.session.absoluteTimeoutSeconds,
    ),
    gatewaySigner: () => (signer ??= derivedGatewaySigner(settings.keyEncryptionKey)),
    outbox,
    publicOrigin: settings.publicOrigin,
    loginEndpoints: settings.loginEndpoints,
  }
}

let built: { env: Env; runtime: Runtime } | undefined

/**
 * The Worker's runtime for an environment, built once per isolate. Throws EnvironmentError, naming
 * every variable that is wrong, when the environment cannot make a working Worker. `afterAnswer`
 * is the Worker's `waitUntil` (the one bound to whichever request is running).
 */
export function runtimeFor(env: Env, afterAnswer: Platform['afterAnswer']): Runtime {
  if (built?.env === env) return built.runtime
  const runtime = buildRuntime(
    readSettings(env),
    workerPlatform(env, afterAnswer),
    env as unknown as WorkerBindings,
  )
  built = { env, runtime }
  return runtime
}

/** The table from GATEWAY_CONFIG, checked against this Worker's bindings for non-URL origins. */
function gatewayConfigFrom(
  settings: Settings,
  bindings: WorkerBindings,
): GatewayConfig | GatewayConfigError {
  try {
    const config = parseGatewayConfig(settings.gatewayConfig)
    const problems = originBindingProblems(config.routes, bindings)
    if (problems.length > 0)
      return new GatewayConfigError(
        `GATEWAY_CONFIG has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
      )
    return config
  } catch (error) {
    if (error instanceof GatewayConfigError) return error
    throw error
  }
}

/**
 * Routes may not name an auth host: the identity provider and a proxied app never share a host
 * (their cookies and paths would mix). Reported like any other problem of the table.
 */
function withHostProblems(
  config: GatewayConfig,
  hosts: HostPolicy,
): GatewayConfig | GatewayConfigError {
  const problems = config.routes.flatMap((route, index) =>
    route.host !== '*' && !route.host.startsWith('*.') && isConfiguredAuthHost(hosts, route.host)
      ? [
          `routes[${index}].host ${route.host} is an auth host (AUTH_HOSTS / PUBLIC_ORIGIN); the gateway never serves the identity provider's hosts`,
        ]
      : [],
  )
  if (problems.length === 0) return config
  return new GatewayConfigError(
    `GATEWAY_CONFIG has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
  )
}

/** A limit of `n` attempts per `windowSeconds` (bursts of up to `n`); 0 means no limit. */
function perWindow(n: number, windowSeconds: number): RateRule | undefined {
  return n === 0 ? undefined : { capacity: n, perMinute: (n * 60) / windowSeconds }
}

/** A limit of `n` a hour (bursts of up to `n`); 0 means no limit. */
function perHour(n: number): RateRule | undefined {
  return n === 0 ? undefined : { capacity: n, perMinute: n / 60 }
}
