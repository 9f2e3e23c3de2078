import { Sealer } from './crypto/aead'
import { fromBase64, utf8 } from './crypto/encoding'
import { DEFAULT_PASSWORD_HASH_PARAMETERS, PasswordHasher } from './crypto/password-hash'
import type { Env } from './env'
import { GatewayConfigError, parseGatewayConfig, type GatewayConfig } from './gateway/config'
import { originBindingProblems, type WorkerBindings } from './gateway/origin-fetch'
import { devOutbox } from './messaging/dev-outbox'
import { fanOut, type MessageSender } from './messaging/sender'
import { webhookSender } from './messaging/webhook'
import { parseAdminKeys } from './api/sigv4'
import { durableSignInLimits } from './security/sign-in-limits'
import type { RateRule } from './security/token-bucket'
import { durableObjectStores } from './storage/do/stores'
import type { UserPoolServices } from './userpool/services'

/** Everything built from the environment once per isolate. */
export interface Runtime {
  services: UserPoolServices
  /** The gateway's route table, or why it is invalid (reported on every gateway request). */
  gateway: GatewayConfig | GatewayConfigError
  adminKeys: Map<string, string>
  outbox: ReturnType<typeof devOutbox> | undefined
  publicOrigin: string | undefined
}

let built: { env: Env; runtime: Runtime } | undefined

export function runtimeFor(env: Env): Runtime {
  if (built?.env === env) return built.runtime
  const now = () => Date.now()
  const stores = durableObjectStores(env)
  const outbox = env.DEV_OUTBOX === 'true' ? devOutbox(stores, now) : undefined
  const senders: MessageSender[] = []
  if (outbox) senders.push(outbox)
  if (env.MESSAGE_WEBHOOK_URL)
    senders.push(
      webhookSender(
        env.MESSAGE_WEBHOOK_URL,
        requireSecret(env.MESSAGE_WEBHOOK_SECRET, 'MESSAGE_WEBHOOK_SECRET'),
        now,
      ),
    )
  const rounds = env.PASSWORD_HASH_ROUNDS
    ? Number(env.PASSWORD_HASH_ROUNDS)
    : DEFAULT_PASSWORD_HASH_PARAMETERS.rounds
  const runtime: Runtime = {
    services: {
      stores,
      sealer: new Sealer(secretBytes(requireSecret(env.KEY_ENCRYPTION_KEY, 'KEY_ENCRYPTION_KEY'))),
      hasher: new PasswordHasher(
        [{ id: 'p1', key: utf8(requireSecret(env.PASSWORD_PEPPER, 'PASSWORD_PEPPER')) }],
        {
          ...DEFAULT_PASSWORD_HASH_PARAMETERS,
          rounds,
        },
      ),
      limits: durableSignInLimits(env.RATE_LIMITER, {
        ip: perMinute(env.SIGN_IN_LIMIT_PER_IP, 100),
        account: perMinute(env.SIGN_IN_LIMIT_PER_ACCOUNT, 20),
        messages: perHour(env.CODE_MESSAGES_PER_ACCOUNT_PER_HOUR, 10),
      }),
      messages: fanOut(senders),
      region: env.REGION || 'us-east-1',
      defaultPartitions: Math.max(1, Math.min(64, Number(env.DIRECTORY_PARTITIONS ?? '4') || 4)),
      now,
    },
    adminKeys: parseAdminKeys(env.ADMIN_KEYS),
    gateway: gatewayConfigFrom(env),
    outbox,
    publicOrigin: env.PUBLIC_ORIGIN || undefined,
  }
  built = { env, runtime }
  return runtime
}

/** The table from GATEWAY_CONFIG, checked against this Worker's bindings for non-URL origins. */
function gatewayConfigFrom(env: Env): GatewayConfig | GatewayConfigError {
  try {
    const config = parseGatewayConfig(env.GATEWAY_CONFIG)
    const problems = originBindingProblems(config.routes, env as unknown as WorkerBindings)
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

/** A limit of `n` attempts a minute (bursts of up to `n`) from a variable; 0 means no limit. */
function perMinute(value: string | undefined, fallback: number): RateRule | undefined {
  const n = value === undefined || value === '' ? fallback : Number(value)
  if (!Number.isFinite(n) || n < 0) return { capacity: fallback, perMinute: fallback }
  return n === 0 ? undefined : { capacity: n, perMinute: n }
}

/** A limit of `n` a hour (bursts of up to `n`) from a variable; 0 means no limit. */
function perHour(value: string | undefined, fallback: number): RateRule | undefined {
  const rule = perMinute(value, fallback)
  return rule && { capacity: rule.capacity, perMinute: rule.perMinute / 60 }
}

function requireSecret(value: string | undefined, name: string): string {
  if (!value)
    throw new Error(
      `${name} is not set: run "npm start" once to create .dev.vars, or set the Worker secret`,
    )
  return value
}

/** Accepts base64 (preferred, 32+ bytes) or, failing that, the raw text of the secret. */
function secretBytes(text: string): Uint8Array<ArrayBuffer> {
  try {
    const bytes = fromBase64(text)
    if (bytes.length >= 32) return bytes
  } catch {
    /* not base64: use the text */
  }
  return utf8(text)
}
