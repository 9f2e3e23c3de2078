import { fromBase64, utf8 } from './crypto/encoding'
import type { Env } from './env'
import type { LoginEndpoints } from './identitypool/logins/endpoints'
import type { SocialEndpoints } from './userpool/identity-providers/social/endpoints'
import { issuerProblem } from './oidc/urls'
import { type DeliverySettings, readDeliverySettings } from './messaging/delivery-settings'
import { parseFunctionTargets, type FunctionTargets } from './http/functions/function-targets'

/**
 * Every variable and secret the Worker reads, parsed and checked once. A value that is present
 * but wrong (`PASSWORD_HASH_ROUNDS=abc`) is an error naming the variable, never a silent fallback:
 * a NaN there once meant zero hashing rounds and no password that ever verified.
 */
export interface Settings {
  region: string
  directoryPartitions: number
  devOutbox: boolean
  messageWebhook?: { url: string; secret: string }
  /** The sender each medium's messages go through (EMAIL_SENDER, SMS_SENDER and theirs). */
  delivery: DeliverySettings
  publicOrigin?: string
  authHosts?: string
  gatewayConfig?: string
  passwordHashRounds?: number
  signInLimitPerIp: number
  signInLimitPerAccount: number
  /** The period over which the sign-in allowances refill in full. */
  signInLimitWindowSeconds: number
  codeMessagesPerAccountPerHour: number
  /** Where identity pools check Google, Apple, Facebook and Login with Amazon logins. */
  loginEndpoints: LoginEndpoints
  /** Where user pools federate with Google, Apple, Facebook and Login with Amazon. */
  socialEndpoints: SocialEndpoints
  /** Where each trigger function runs (TRIGGER_TARGETS and the secrets its targets need). */
  triggerTargets: FunctionTargets
  /** Where notices for registered push devices go (PUSH_WEBHOOK_URL, signed with PUSH_WEBHOOK_SECRET). */
  pushWebhook?: { url: string; secret: string }
  /** A k-anonymity range API of breached passwords (BREACH_CORPUS_RANGE_URL), off unless set. */
  breachCorpusRangeUrl?: string
  adminKeys: string
  keyEncryptionKey: Uint8Array<ArrayBuffer>
  passwordPepper: string
}

/** What is wrong with the environment, one line per variable. */
export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`the Worker's environment has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`)
    this.name = 'EnvironmentError'
  }
}

const HINT = 'run "npm start" once to create .dev.vars, or set the Worker secret'

/** Reads the environment; throws EnvironmentError listing every problem at once. */
export function readSettings(env: Env): Settings {
  const problems: string[] = []
  const text = (name: keyof Env): string | undefined => {
    const value = env[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string') {
      problems.push(`${name} must be a string`)
      return undefined
    }
    return value.trim() === '' ? undefined : value.trim()
  }
  const integer = (name: keyof Env, fallback: number, min: number, max: number): number => {
    const value = text(name)
    if (value === undefined) return fallback
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push(
        `${name} must be a whole number from ${min} to ${max} (it is "${value.slice(0, 40)}")`,
      )
      return fallback
    }
    return Number(value)
  }
  const secret = (name: keyof Env, minLength: number): string => {
    const value = text(name)
    if (value === undefined) problems.push(`${name} is not set: ${HINT}`)
    else if (value.length < minLength)
      problems.push(`${name} must be at least ${minLength} characters`)
    return value ?? ''
  }

  const region = text('REGION') ?? 'us-east-1'
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    problems.push(`REGION must look like us-east-1 (it is "${region.slice(0, 40)}")`)
  const devOutbox = text('DEV_OUTBOX') ?? 'false'
  if (devOutbox !== 'true' && devOutbox !== 'false')
    problems.push('DEV_OUTBOX must be true or false')
  const publicOrigin = text('PUBLIC_ORIGIN')
  if (publicOrigin !== undefined && !isOrigin(publicOrigin))
    problems.push('PUBLIC_ORIGIN must be an origin such as https://auth.example.com (no path)')
  const authHosts = text('AUTH_HOSTS')
  if (
    authHosts !== undefined &&
    !authHosts
      .split(',')
      .every((entry) =>
        /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.test(entry.trim()),
      )
  )
    problems.push(
      'AUTH_HOSTS must list host names, each with an optional :port, separated by commas',
    )
  const webhookUrl = text('MESSAGE_WEBHOOK_URL')
  if (webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(webhookUrl))
    problems.push('MESSAGE_WEBHOOK_URL must be an http(s) URL')
  const webhookSecret = webhookUrl !== undefined ? secret('MESSAGE_WEBHOOK_SECRET', 16) : undefined
  const delivery = readDeliverySettings(
    text,
    webhookUrl !== undefined,
    env.SEND_EMAIL !== undefined,
    problems,
  )
  const breachCorpusRangeUrl = text('BREACH_CORPUS_RANGE_URL')
  if (breachCorpusRangeUrl !== undefined && !/^https?:\/\/\S+$/.test(breachCorpusRangeUrl))
    problems.push('BREACH_CORPUS_RANGE_URL must be an http(s) URL')
  const rounds =
    text('PASSWORD_HASH_ROUNDS') === undefined
      ? undefined
      : integer('PASSWORD_HASH_ROUNDS', 6, 1, 100)
  const adminKeys = text('ADMIN_KEYS') ?? ''
  for (const entry of adminKeys
    .split(/[\n,]/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    if (!/^[A-Z0-9]{16,128}:\S{16,}$/.test(entry))
      problems.push(
        'ADMIN_KEYS must be ACCESS_KEY_ID:SECRET pairs (key ids of 16+ capital letters or digits, secrets of 16+ characters) separated by commas',
      )
  }
  // Tokens are sent to these: the relying-party core's URL rules (https, or http on loopback).
  const loginUrl = (name: keyof Env, fallback: string): string => {
    const value = text(name)
    if (value === undefined) return fallback
    const problem = issuerProblem(value)
    if (problem) problems.push(`${name} ${problem} (it is "${value.slice(0, 80)}")`)
    return value.replace(/\/+$/, '')
  }
  const loginEndpoints: LoginEndpoints = {
    googleIssuer: loginUrl('LOGIN_GOOGLE_ISSUER', 'https://accounts.google.com'),
    appleIssuer: loginUrl('LOGIN_APPLE_ISSUER', 'https://appleid.apple.com'),
    facebookGraphUrl: loginUrl('LOGIN_FACEBOOK_GRAPH_URL', 'https://graph.facebook.com'),
    amazonApiUrl: loginUrl('LOGIN_AMAZON_API_URL', 'https://api.amazon.com'),
  }
  // The same providers for user-pool federation: the same settings, and the two web hosts beside.
  const socialEndpoints: SocialEndpoints = {
    googleIssuer: loginEndpoints.googleIssuer,
    appleIssuer: loginEndpoints.appleIssuer,
    facebookWebUrl: loginUrl('FEDERATION_FACEBOOK_WEB_URL', 'https://www.facebook.com'),
    // A Graph base given with a version for identity pools: user pools add their api_version.
    facebookGraphUrl: loginEndpoints.facebookGraphUrl.replace(/\/v\d+\.\d+$/, ''),
    amazonWebUrl: loginUrl('FEDERATION_AMAZON_WEB_URL', 'https://www.amazon.com'),
    amazonApiUrl: loginEndpoints.amazonApiUrl,
  }
  const triggerTargets = readTriggerTargets(text, problems)
  const pushWebhook = readPushWebhook(text, problems)
  const keyText = secret('KEY_ENCRYPTION_KEY', 32)
  const settings: Settings = {
    region,
    directoryPartitions: integer('DIRECTORY_PARTITIONS', 4, 1, 64),
    devOutbox: devOutbox === 'true',
    ...(webhookUrl !== undefined
      ? { messageWebhook: { url: webhookUrl, secret: webhookSecret ?? '' } }
      : {}),
    delivery,
    ...(publicOrigin !== undefined ? { publicOrigin: publicOrigin.replace(/\/+$/, '') } : {}),
    ...(breachCorpusRangeUrl !== undefined ? { breachCorpusRangeUrl } : {}),
    ...(authHosts !== undefined ? { authHosts } : {}),
    ...(text('GATEWAY_CONFIG') !== undefined ? { gatewayConfig: text('GATEWAY_CONFIG')! } : {}),
    ...(rounds !== undefined ? { passwordHashRounds: rounds } : {}),
    signInLimitPerIp: integer('SIGN_IN_LIMIT_PER_IP', 100, 0, 1_000_000),
    signInLimitPerAccount: integer('SIGN_IN_LIMIT_PER_ACCOUNT', 20, 0, 1_000_000),
    signInLimitWindowSeconds: integer('SIGN_IN_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    codeMessagesPerAccountPerHour: integer('CODE_MESSAGES_PER_ACCOUNT_PER_HOUR', 10, 0, 1_000_000),
    loginEndpoints,
    socialEndpoints,
    triggerTargets,
    ...(pushWebhook ? { pushWebhook } : {}),
    adminKeys,
    keyEncryptionKey: secretBytes(keyText),
    passwordPepper: secret('PASSWORD_PEPPER', 16),
  }
  if (problems.length > 0) throw new EnvironmentError(problems)
  return settings
}

/** TRIGGER_TARGETS, with the webhook secret and Lambda credentials its targets sign with. */
function readTriggerTargets(
  text: (name: keyof Env) => string | undefined,
  problems: string[],
): FunctionTargets {
  const parsed = parseFunctionTargets(text('TRIGGER_TARGETS'))
  problems.push(...parsed.problems)
  const targets: FunctionTargets = { routes: parsed.routes }
  const webhookSecret = text('TRIGGER_WEBHOOK_SECRET')
  if (webhookSecret !== undefined) {
    let bytes = 0
    try {
      bytes = fromBase64(webhookSecret.replace(/^whsec_/, '')).length
    } catch {
      /* reported below */
    }
    if (bytes < 24)
      problems.push('TRIGGER_WEBHOOK_SECRET must be whsec_ and 24 or more bytes in base64')
    else targets.webhookSecret = webhookSecret
  }
  const lambda = text('LAMBDA_CREDENTIALS')
  if (lambda !== undefined) {
    const [accessKeyId, secretAccessKey, sessionToken] = lambda.split(':')
    if (!accessKeyId || !secretAccessKey || !/^[A-Z0-9]{16,128}$/.test(accessKeyId))
      problems.push(
        'LAMBDA_CREDENTIALS must be ACCESS_KEY_ID:SECRET (or ACCESS_KEY_ID:SECRET:SESSION_TOKEN)',
      )
    else
      targets.lambdaCredentials = {
        accessKeyId,
        secretAccessKey,
        ...(sessionToken ? { sessionToken } : {}),
      }
  }
  const kinds = new Set(parsed.routes.map((route) => route.target.kind))
  if (kinds.has('webhook') && !targets.webhookSecret)
    problems.push('TRIGGER_TARGETS names a webhook: set TRIGGER_WEBHOOK_SECRET')
  if (kinds.has('lambda') && !targets.lambdaCredentials)
    problems.push('TRIGGER_TARGETS names a Lambda endpoint: set LAMBDA_CREDENTIALS')
  return targets
}

/** PUSH_WEBHOOK_URL (https, or http on loopback) and its Standard Webhooks secret. */
function readPushWebhook(
  text: (name: keyof Env) => string | undefined,
  problems: string[],
): Settings['pushWebhook'] {
  const url = text('PUSH_WEBHOOK_URL')
  if (url === undefined) return undefined
  let valid = false
  try {
    const parsed = new URL(url)
    valid =
      parsed.protocol === 'https:' ||
      (parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname))
  } catch {
    /* reported below */
  }
  if (!valid) problems.push('PUSH_WEBHOOK_URL must be an https URL (http only on loopback)')
  const secret = text('PUSH_WEBHOOK_SECRET')
  let bytes = 0
  try {
    bytes = secret === undefined ? 0 : fromBase64(secret.replace(/^whsec_/, '')).length
  } catch {
    /* reported below */
  }
  if (bytes < 24) {
    problems.push(
      'PUSH_WEBHOOK_URL needs PUSH_WEBHOOK_SECRET: whsec_ and 24 or more bytes in base64',
    )
    return undefined
  }
  return valid ? { url, secret: secret! } : undefined
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text)
    return ['http:', 'https:'].includes(url.protocol) && url.origin === text.replace(/\/+$/, '')
  } catch {
    return false
  }
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
