import { BoundedCache } from '../storage/bounded-cache'
import { findDomain } from '../userpool/domains/domains'
import type { UserPoolServices } from '../userpool/services'
import { splitHost, type HostPattern } from './host-names'

/**
 * Which requests the identity provider serves and which the gateway serves. No host is both: the
 * hosted UI, `/oauth2/*` and the JSON APIs live on auth hosts, which the gateway never routes, and
 * app hosts never serve an IdP path or receive an IdP cookie, the way Cognito's hosted UI and ALB
 * keep the IdP on its own domain. Browsers keep cookies apart by host name, not by port, so two
 * names on one machine (`127.0.0.1` and `localhost`) are enough to keep them apart locally.
 */
export interface HostPolicy {
  /** `any`: every host is an auth host (no gateway routes are configured, so nothing shares it). */
  authHosts: readonly HostPattern[] | 'any'
}

/** Hosts the IdP answers on when nothing says otherwise and the gateway has routes: loopback IPs. */
const LOOPBACK_AUTH_HOSTS: readonly HostPattern[] = [
  { hostname: '127.0.0.1' },
  { hostname: '[::1]' },
]

/**
 * The policy from configuration: AUTH_HOSTS (comma-separated `host[:port]`), else the host of
 * PUBLIC_ORIGIN, else loopback when the gateway has routes, else every host.
 */
export function hostPolicy(options: {
  authHosts: string | undefined
  publicOrigin: string | undefined
  gatewayHasRoutes: boolean
}): HostPolicy {
  if (options.authHosts?.trim()) {
    return {
      authHosts: options.authHosts
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map(splitHost),
    }
  }
  if (options.publicOrigin) return { authHosts: [splitHost(new URL(options.publicOrigin).host)] }
  return { authHosts: options.gatewayHasRoutes ? LOOPBACK_AUTH_HOSTS : 'any' }
}

const matches = (pattern: HostPattern, host: HostPattern): boolean =>
  pattern.hostname === host.hostname && (pattern.port === undefined || pattern.port === host.port)

/** Whether `host` is one of the configured auth hosts (custom pool domains are not consulted). */
export function isConfiguredAuthHost(policy: HostPolicy, host: string): boolean {
  if (policy.authHosts === 'any') return true
  const candidate = splitHost(host)
  return policy.authHosts.some((pattern) => matches(pattern, candidate))
}

/**
 * Hosts that are a pool's hosted-UI domain (CreateUserPoolDomain), by host name. Bounded, and
 * short-lived, so a domain created or deleted elsewhere takes effect within a minute.
 */
const poolDomainHosts = new BoundedCache<string, boolean>(1024, 60_000)

/**
 * Whether a request to `host` is for the IdP: a configured auth host, a pool's custom domain, or
 * a prefix domain directly under an auth host (`<prefix>.auth.example.com`).
 */
export async function isAuthHost(
  policy: HostPolicy,
  services: UserPoolServices,
  host: string,
): Promise<boolean> {
  if (isConfiguredAuthHost(policy, host)) return true
  const { hostname } = splitHost(host)
  const known = poolDomainHosts.get(hostname)
  if (known !== undefined) return known
  const domain = await poolDomainFor(policy, services, hostname)
  poolDomainHosts.set(hostname, domain)
  return domain
}

async function poolDomainFor(
  policy: HostPolicy,
  services: UserPoolServices,
  hostname: string,
): Promise<boolean> {
  if (policy.authHosts === 'any' || !/^[a-z0-9.-]+$/.test(hostname)) return false
  const custom = await findDomain(services, hostname)
  if (custom?.custom) return true
  const dot = hostname.indexOf('.')
  if (dot <= 0) return false
  const parent = hostname.slice(dot + 1)
  if (!policy.authHosts.some((pattern) => pattern.hostname === parent)) return false
  const prefix = await findDomain(services, hostname.slice(0, dot))
  return prefix !== null && !prefix.custom
}

/**
 * The origin browsers reach the IdP at, seen from a request to an app host: PUBLIC_ORIGIN when
 * set, else the first configured auth host on the request's scheme (and port, unless it names one).
 */
export function authOrigin(
  policy: HostPolicy,
  publicOrigin: string | undefined,
  requestUrl: URL,
): string {
  if (publicOrigin) return publicOrigin.replace(/\/+$/, '')
  if (policy.authHosts === 'any' || policy.authHosts.length === 0) return requestUrl.origin
  const first = policy.authHosts[0]!
  const port = first.port ?? requestUrl.port
  return `${requestUrl.protocol}//${first.hostname}${port ? `:${port}` : ''}`
}
