import type { Fetcher } from '../../oidc/discovery'

/** How long a login provider has to answer: a slow provider must not hold a request for long. */
const TIMEOUT_MS = 5_000

/**
 * Fetches from a login provider through the global fetch (looked up per call, so tests may stub
 * it), never following a redirect and giving up after a bounded time.
 */
export const providerFetch: Fetcher = (url, init) =>
  fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) })
