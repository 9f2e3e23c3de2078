/**
 * The gateway's route table and identity providers, from the GATEWAY_CONFIG variable (JSON).
 * Validated once per isolate; every problem is reported with its path so a bad file is easy to fix.
 */

import { splitHost } from '../http/host-names'
import { parseRange, type AddressRange } from './addresses'
import { parseOriginSpec, type OriginSpec } from './origin-spec'

export type UnauthenticatedAction = 'authenticate' | 'deny' | 'allow'

export interface ProviderConfig {
  /** An OIDC issuer URL; a pool of this Worker is named `self:<userPoolId>` and reached in-process. */
  issuer: string
  /** Accepted `aud` (ID tokens) / `client_id` (access tokens). */
  clientIds: string[]
  /** Which tokens a bearer may be: Cognito's `token_use`. */
  tokenUse: Array<'access' | 'id'>
  /** Allowed clock skew in seconds for exp/nbf/iat. */
  clockSkewSeconds: number
  /** Browser sessions: the confidential client's secret, if it has one, and the scopes to ask for. */
  clientSecret?: string
  scopes: string[]
}

/** Browser-session settings shared by every `authenticate` route. */
export interface SessionConfig {
  callbackPath: string
  logoutPath: string
  /**
   * Starts a sign-in and comes back to `?rd=<path>` afterwards: where a proxy doing forward auth
   * (which cannot start one itself) sends a browser that got 401.
   */
  signInPath: string
  idleTimeoutSeconds: number
  absoluteTimeoutSeconds: number
  /** Refresh when the access token has less than this left; also the longest a revocation can go unnoticed beyond the token's own life. */
  refreshMarginSeconds: number
  postLogoutRedirect?: string
}

export interface Requirements {
  groupsAnyOf?: string[]
  groupsAllOf?: string[]
  scopes?: string[]
  claims?: Record<string, string>
}

export interface RouteConfig {
  /** Exact host, `*.example.com`, or `*`. */
  host: string
  /** A path prefix ending in `/*`, or an exact path. */
  path: string
  /** Where requests are proxied to (see OriginSpec for the forms). */
  origin: OriginSpec
  provider?: string
  unauthenticated: UnauthenticatedAction
  require?: Requirements
  /** Extra plain identity headers for the origin: claim → header name. */
  headers?: Record<string, string>
  /**
   * `aws_iam`: callers sign with SigV4 and their IAM permissions decide (API Gateway's AWS_IAM
   * model). Required by `s3:` origins (S3's actions); on any other origin the caller needs
   * `execute-api:Invoke` on the request's execute-api ARN (see `executeApi`).
   */
  authorization?: 'aws_iam'
  /**
   * What an `aws_iam` route that is not an S3 front is called in its execute-api ARN,
   * `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`: the `api` id
   * (default `portcullis`) and `stage` (default `$default`, as an HTTP API's default stage).
   */
  executeApi?: { api: string; stage: string }
  /** The bucket name an `s3:` origin answers to (in the path, or the host's first label). */
  bucket?: string
}

/**
 * Forward auth (`/_gateway/auth`), off unless configured. Which proxy is in front decides which
 * headers describe the original request, and only requests from its addresses are answered:
 * forwarded headers from anyone else would let a client choose what is judged.
 */
export interface ForwardAuthConfig {
  /**
   * nginx: `X-Original-URI` and `X-Forwarded-Host` (set by `proxy_set_header` in the auth
   * location, which replaces any copy the client sent); Traefik and Caddy: `X-Forwarded-Uri` and
   * `X-Forwarded-Host`, which they set themselves. Optional `X-Original-Method` / `X-Forwarded-Method`.
   */
  proxy: 'nginx' | 'traefik' | 'caddy'
  /** Addresses or CIDR ranges the proxy connects from (`CF-Connecting-IP` on Workers). */
  trustedAddresses: AddressRange[]
}

export interface GatewayConfig {
  providers: Record<string, ProviderConfig>
  routes: RouteConfig[]
  session: SessionConfig
  forwardAuth?: ForwardAuthConfig
}

const DEFAULT_SESSION: SessionConfig = {
  callbackPath: '/_gateway/callback',
  logoutPath: '/_gateway/logout',
  signInPath: '/_gateway/signin',
  idleTimeoutSeconds: 3600,
  absoluteTimeoutSeconds: 12 * 3600,
  refreshMarginSeconds: 60,
}

export class GatewayConfigError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const stringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string')

function provider(name: string, raw: unknown, problems: string[]): ProviderConfig | undefined {
  const at = `providers.${name}`
  if (!isRecord(raw)) return void problems.push(`${at} must be an object`)
  const issuer = raw.issuer
  // Plain http only for loopback issuers (development); anything else must be https.
  if (
    typeof issuer !== 'string' ||
    !(
      /^self:[\w-]+_[0-9a-zA-Z]+$/.test(issuer) ||
      /^https:\/\/\S+$/.test(issuer) ||
      /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/\S*)?$/.test(issuer)
    )
  ) {
    problems.push(`${at}.issuer must be an https URL (http only on loopback) or self:<userPoolId>`)
  }
  const clientIds = raw.clientIds ?? (typeof raw.clientId === 'string' ? [raw.clientId] : undefined)
  if (!stringList(clientIds) || clientIds.length === 0)
    problems.push(`${at}.clientIds must list at least one client id`)
  const tokenUse = raw.tokenUse ?? ['access']
  if (!stringList(tokenUse) || !tokenUse.every((t) => t === 'access' || t === 'id'))
    problems.push(`${at}.tokenUse must be a list of "access" and/or "id"`)
  const skew = raw.clockSkewSeconds ?? 60
  if (typeof skew !== 'number' || skew < 0 || skew > 300)
    problems.push(`${at}.clockSkewSeconds must be 0..300`)
  const scopes = raw.scopes ?? ['openid', 'email']
  if (!stringList(scopes)) problems.push(`${at}.scopes must be a list of strings`)
  if (raw.clientSecret !== undefined && typeof raw.clientSecret !== 'string')
    problems.push(`${at}.clientSecret must be a string`)
  return {
    issuer: issuer as string,
    clientIds: clientIds as string[],
    tokenUse: tokenUse as ProviderConfig['tokenUse'],
    clockSkewSeconds: skew as number,
    scopes: scopes as string[],
    ...(typeof raw.clientSecret === 'string' ? { clientSecret: raw.clientSecret } : {}),
  }
}

function route(
  index: number,
  raw: unknown,
  providers: Record<string, unknown>,
  problems: string[],
): RouteConfig | undefined {
  const at = `routes[${index}]`
  if (!isRecord(raw)) return void problems.push(`${at} must be an object`)
  const host = raw.host ?? '*'
  if (typeof host !== 'string' || !/^(\*|(\*\.)?[a-z0-9.-]+(:\d+)?)$/i.test(host))
    problems.push(`${at}.host must be a hostname, *.domain or *`)
  const path = raw.path
  if (
    typeof path !== 'string' ||
    !path.startsWith('/') ||
    (path.includes('*') && !path.endsWith('/*')) ||
    path.indexOf('*') !== path.lastIndexOf('*')
  )
    problems.push(`${at}.path must start with / and may end with /*`)
  const origin = parseOriginSpec(raw.origin)
  if (typeof origin === 'string') problems.push(`${at}.origin ${origin}`)
  const unauthenticated = raw.unauthenticated ?? 'deny'
  if (!['authenticate', 'deny', 'allow'].includes(unauthenticated as string))
    problems.push(`${at}.unauthenticated must be authenticate, deny or allow`)
  const providerName = raw.provider
  if (
    providerName !== undefined &&
    (typeof providerName !== 'string' || !(providerName in providers))
  )
    problems.push(`${at}.provider names no provider`)
  const authorization = raw.authorization
  if (authorization !== undefined && authorization !== 'aws_iam')
    problems.push(`${at}.authorization must be aws_iam when given`)
  const awsIam = authorization === 'aws_iam'
  if (providerName === undefined && unauthenticated !== 'allow' && !awsIam)
    problems.push(`${at} needs a provider unless unauthenticated is allow`)
  const bucket = raw.bucket
  if (typeof origin !== 'string' && origin.kind === 's3') {
    if (!awsIam) problems.push(`${at} with an s3: origin needs authorization aws_iam`)
    if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
      problems.push(`${at}.bucket must name the S3 bucket (3-63 of a-z 0-9 . -)`)
    if (typeof path === 'string' && !path.endsWith('/*'))
      problems.push(`${at}.path of an s3: origin must end with /* (the mount)`)
  } else if (bucket !== undefined) problems.push(`${at}.bucket only applies to s3: origins`)
  const executeApi = executeApiNames(
    at,
    raw,
    awsIam && typeof origin !== 'string' && origin.kind !== 's3',
    problems,
  )
  if (awsIam) {
    // The signature is the whole authentication: a token provider or claim rules would be a second one.
    if (providerName !== undefined)
      problems.push(`${at} with authorization aws_iam takes no provider`)
    if (raw.unauthenticated !== undefined && raw.unauthenticated !== 'deny')
      problems.push(
        `${at} with authorization aws_iam refuses unsigned requests (unauthenticated deny)`,
      )
    if (raw.require !== undefined || raw.headers !== undefined)
      problems.push(
        `${at} with authorization aws_iam takes no require or headers (its policy decides)`,
      )
  }
  const require = raw.require
  if (require !== undefined) {
    if (!isRecord(require)) problems.push(`${at}.require must be an object`)
    else {
      for (const list of ['groupsAnyOf', 'groupsAllOf', 'scopes'] as const)
        if (require[list] !== undefined && !stringList(require[list]))
          problems.push(`${at}.require.${list} must be a list of strings`)
      if (
        require.claims !== undefined &&
        (!isRecord(require.claims) ||
          !Object.values(require.claims).every((v) => typeof v === 'string'))
      )
        problems.push(`${at}.require.claims must map claim names to strings`)
    }
  }
  const headers = raw.headers
  if (
    headers !== undefined &&
    (!isRecord(headers) ||
      !Object.values(headers).every((v) => typeof v === 'string' && /^[a-z0-9-]+$/i.test(v)))
  )
    problems.push(`${at}.headers must map claims to header names`)
  return {
    host: (host as string).toLowerCase(),
    path: path as string,
    origin: origin as OriginSpec,
    ...(providerName !== undefined ? { provider: providerName as string } : {}),
    unauthenticated: unauthenticated as UnauthenticatedAction,
    ...(require !== undefined ? { require: require as Requirements } : {}),
    ...(headers !== undefined ? { headers: headers as Record<string, string> } : {}),
    ...(awsIam ? { authorization: 'aws_iam' as const } : {}),
    ...(typeof bucket === 'string' ? { bucket } : {}),
    ...(executeApi ? { executeApi } : {}),
  }
}

/** An execute-api ARN's api id and stage: letters, digits, `-` and `_` (and `$` for a stage). */
function executeApiNames(
  at: string,
  raw: Record<string, unknown>,
  applies: boolean,
  problems: string[],
): { api: string; stage: string } | undefined {
  if (!applies) {
    if (raw.api !== undefined || raw.stage !== undefined)
      problems.push(`${at}.api and .stage only apply to aws_iam routes that are not s3: origins`)
    return undefined
  }
  const api = raw.api ?? 'portcullis'
  const stage = raw.stage ?? '$default'
  if (typeof api !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(api))
    problems.push(`${at}.api must be 1-64 of A-Z a-z 0-9 _ -`)
  if (typeof stage !== 'string' || !/^[A-Za-z0-9_$-]{1,128}$/.test(stage))
    problems.push(`${at}.stage must be 1-128 of A-Z a-z 0-9 _ - $`)
  return { api: api as string, stage: stage as string }
}

/** Parses and validates GATEWAY_CONFIG; throws GatewayConfigError listing every problem. */
export function parseGatewayConfig(text: string | undefined): GatewayConfig {
  if (!text?.trim()) return { providers: {}, routes: [], session: DEFAULT_SESSION }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new GatewayConfigError(`GATEWAY_CONFIG is not valid JSON: ${(error as Error).message}`)
  }
  const problems: string[] = []
  if (!isRecord(raw)) throw new GatewayConfigError('GATEWAY_CONFIG must be a JSON object')
  const rawProviders = isRecord(raw.providers) ? raw.providers : {}
  if (raw.providers !== undefined && !isRecord(raw.providers))
    problems.push('providers must be an object')
  const providers: Record<string, ProviderConfig> = {}
  for (const [name, value] of Object.entries(rawProviders)) {
    const parsed = provider(name, value, problems)
    if (parsed) providers[name] = parsed
  }
  if (!Array.isArray(raw.routes)) problems.push('routes must be a list')
  const routes = (Array.isArray(raw.routes) ? raw.routes : [])
    .map((r, i) => route(i, r, rawProviders, problems))
    .filter((r): r is RouteConfig => r !== undefined)
  const session = sessionConfig(raw.session, problems)
  const forwardAuth = forwardAuthConfig(raw.forwardAuth, problems)
  if (problems.length > 0)
    throw new GatewayConfigError(
      `GATEWAY_CONFIG has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
    )
  return { providers, routes, session, ...(forwardAuth ? { forwardAuth } : {}) }
}

function forwardAuthConfig(raw: unknown, problems: string[]): ForwardAuthConfig | undefined {
  if (raw === undefined) return undefined
  if (!isRecord(raw)) return void problems.push('forwardAuth must be an object')
  const proxy = raw.proxy
  if (proxy !== 'nginx' && proxy !== 'traefik' && proxy !== 'caddy')
    problems.push('forwardAuth.proxy must be nginx, traefik or caddy')
  const addresses = raw.trustedAddresses
  if (!stringList(addresses) || addresses.length === 0) {
    problems.push(
      'forwardAuth.trustedAddresses must list the addresses (or CIDR ranges) of the proxy',
    )
    return undefined
  }
  const ranges: AddressRange[] = []
  for (const address of addresses) {
    const range = parseRange(address)
    if (typeof range === 'string') problems.push(`forwardAuth.trustedAddresses: ${range}`)
    else ranges.push(range)
  }
  return { proxy: proxy as ForwardAuthConfig['proxy'], trustedAddresses: ranges }
}

function sessionConfig(raw: unknown, problems: string[]): SessionConfig {
  if (raw === undefined) return DEFAULT_SESSION
  if (!isRecord(raw)) {
    problems.push('session must be an object')
    return DEFAULT_SESSION
  }
  const merged = { ...DEFAULT_SESSION, ...raw } as Record<string, unknown>
  for (const name of ['callbackPath', 'logoutPath', 'signInPath'] as const)
    if (typeof merged[name] !== 'string' || !/^\/[\w./-]*$/.test(String(merged[name])))
      problems.push(`session.${name} must be a path`)
  for (const name of ['idleTimeoutSeconds', 'absoluteTimeoutSeconds'] as const)
    if (typeof merged[name] !== 'number' || (merged[name] as number) < 60)
      problems.push(`session.${name} must be at least 60`)
  if (
    typeof merged.refreshMarginSeconds !== 'number' ||
    merged.refreshMarginSeconds < 0 ||
    merged.refreshMarginSeconds > 86400
  )
    problems.push('session.refreshMarginSeconds must be 0..86400')
  if (
    merged.postLogoutRedirect !== undefined &&
    (typeof merged.postLogoutRedirect !== 'string' ||
      !/^https?:\/\//.test(merged.postLogoutRedirect))
  )
    problems.push('session.postLogoutRedirect must be a URL')
  return merged as unknown as SessionConfig
}

/** Most specific route first: exact host over wildcard host, then the longer path. */
export function matchRoute(
  config: GatewayConfig,
  host: string,
  path: string,
): RouteConfig | undefined {
  // A trailing dot names the same host; without folding it an exact-host route could be skipped.
  const { hostname: bare, port } = splitHost(host)
  const hostname = port ? `${bare}:${port}` : bare
  const hostScore = (pattern: string) =>
    pattern === hostname || pattern === hostname.replace(/:\d+$/, '')
      ? 3
      : pattern.startsWith('*.') && hostname.replace(/:\d+$/, '').endsWith(pattern.slice(1))
        ? 2
        : pattern === '*'
          ? 1
          : 0
  const pathMatches = (pattern: string) =>
    pattern.endsWith('/*')
      ? path === pattern.slice(0, -2) || path.startsWith(pattern.slice(0, -1))
      : path === pattern
  let best: { route: RouteConfig; score: number } | undefined
  for (const candidate of config.routes) {
    const hs = hostScore(candidate.host)
    if (hs === 0 || !pathMatches(candidate.path)) continue
    const score = hs * 100_000 + candidate.path.length * 2 + (candidate.path.endsWith('/*') ? 0 : 1)
    if (!best || score > best.score) best = { route: candidate, score }
  }
  return best?.route
}
