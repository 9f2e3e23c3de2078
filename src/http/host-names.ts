/** Host names as the gateway and the IdP compare them (pure: no storage, no domain). */

/** A host name, with a port when only that port is meant. */
export interface HostPattern {
  hostname: string
  port?: string
}

/** `Host` as compared: lower case, without a trailing dot, split from its port. */
export function splitHost(host: string): HostPattern {
  const lower = host.trim().toLowerCase()
  const match = /^(\[[0-9a-f:.]+\]|[^:]*)(?::(\d+))?$/.exec(lower)
  const hostname = (match?.[1] ?? lower).replace(/\.$/, '')
  return match?.[2] !== undefined ? { hostname, port: match[2] } : { hostname }
}
