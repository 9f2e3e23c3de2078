import type { RouteConfig } from './config'
import { describeOrigin, type OriginSpec } from './origin-spec'
import { serveFromBucket } from './r2-origin'

/** The Worker's bindings by name, as the runtime hands them over (`env`). */
export type WorkerBindings = Readonly<Record<string, unknown>>

const isFetcher = (value: unknown): value is Fetcher =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { fetch?: unknown }).fetch === 'function'

export const isBucket = (value: unknown): value is R2Bucket =>
  typeof value === 'object' &&
  value !== null &&
  ['get', 'head', 'put', 'list'].every(
    (method) => typeof (value as Record<string, unknown>)[method] === 'function',
  )

/**
 * Every route whose origin names a binding this Worker does not have (or one of the wrong kind),
 * so a table that cannot work is refused at start rather than failing on the first request.
 */
export function originBindingProblems(
  routes: readonly RouteConfig[],
  bindings: WorkerBindings,
): string[] {
  const problems: string[] = []
  routes.forEach(({ origin }, index) => {
    if (origin.kind === 'url') return
    const bound = bindings[origin.binding]
    const at = `routes[${index}].origin ${describeOrigin(origin)}`
    if ((origin.kind === 'r2' || origin.kind === 's3') && !isBucket(bound))
      problems.push(
        `${at}: this Worker has no R2 bucket binding "${origin.binding}" ([[r2_buckets]] binding = "${origin.binding}" in wrangler.toml)`,
      )
    if (origin.kind === 'service' && !isFetcher(bound))
      problems.push(
        `${at}: this Worker has no service binding "${origin.binding}" ([[services]] binding = "${origin.binding}" in wrangler.toml)`,
      )
    if (origin.kind === 'assets' && !isFetcher(bound))
      problems.push(
        `${at}: this Worker has no assets binding "${origin.binding}" ([assets] binding = "${origin.binding}" with run_worker_first = true in wrangler.toml)`,
      )
  })
  return problems
}

/**
 * Sends an already prepared request to the origin. A URL origin gets the path under its base; a
 * service binding or the assets binding gets the request as it arrived (original host and path).
 */
export function fetchFromOrigin(
  origin: OriginSpec,
  outbound: Request,
  bindings: WorkerBindings,
): Promise<Response> {
  if (origin.kind === 'url') {
    const incoming = new URL(outbound.url)
    return fetch(new Request(origin.base + incoming.pathname + incoming.search, outbound))
  }
  const bound = bindings[origin.binding]
  if (origin.kind === 's3') throw new Error('an S3 front is served by the gateway itself')
  if (origin.kind === 'r2') {
    if (!isBucket(bound)) throw new Error(`no R2 bucket binding ${origin.binding}`)
    return serveFromBucket(bound, origin.keyPrefix, outbound)
  }
  if (!isFetcher(bound)) throw new Error(`no binding ${origin.binding}`)
  return bound.fetch(outbound)
}
