/**
 * An R2 bucket served as a static origin: the request path (percent-decoded, under the route's key
 * prefix) names the object, `/` and paths ending in `/` serve `index.html`. GET and HEAD only, with
 * single byte ranges (206/416) and conditional requests (304/412) answered as an HTTP origin would.
 */

import { readObject } from './r2-read'

const text = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      ...extra,
    },
  })

/** R2 keys are at most 1,024 bytes. */
const MAX_KEY_BYTES = 1024

/** The object key a path names, or undefined when the path cannot name one. */
function objectKey(pathname: string, keyPrefix: string): string | undefined {
  let path: string
  try {
    path = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  // Decoding can reintroduce dot segments or NUL that the URL parser already resolved away.
  if (path.includes('\0') || path.split('/').some((segment) => segment === '.' || segment === '..'))
    return undefined
  const relative = path.replace(/^\/+/, '')
  const key =
    keyPrefix + (relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative)
  return new TextEncoder().encode(key).length <= MAX_KEY_BYTES ? key : undefined
}

/** Answers a GET or HEAD from the bucket. */
export async function serveFromBucket(
  bucket: R2Bucket,
  keyPrefix: string,
  request: Request,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return text(405, 'Method Not Allowed', { allow: 'GET, HEAD' })
  const key = objectKey(new URL(request.url).pathname, keyPrefix)
  if (key === undefined) return text(404, 'Not Found')
  const outcome = await readObject(bucket, key, request)
  switch (outcome.kind) {
    case 'not-found':
      return text(404, 'Not Found')
    case 'unsatisfiable':
      return text(416, 'Range Not Satisfiable', { 'content-range': `bytes */${outcome.size}` })
    case 'precondition':
      return new Response(null, {
        status: outcome.status,
        headers: outcome.status === 304 ? outcome.headers : { 'x-content-type-options': 'nosniff' },
      })
    case 'object':
      return new Response(outcome.body, { status: outcome.status, headers: outcome.headers })
  }
}
