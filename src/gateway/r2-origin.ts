/**
 * An R2 bucket served as a static origin: the request path (percent-decoded, under the route's key
 * prefix) names the object, `/` and paths ending in `/` serve `index.html`. GET and HEAD only, with
 * single byte ranges (206/416) and conditional requests (304/412) answered as an HTTP origin would.
 */

type ByteRange = { offset: number; length?: number } | { suffix: number }

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

/** One `bytes=` range (RFC 9110 §14.1.2); anything else (several ranges, other units) is ignored. */
function requestedRange(headers: Headers): ByteRange | undefined {
  // When If-Range is present the full object is always a correct answer; serve it rather than compare validators twice.
  if (headers.has('if-range')) return undefined
  const match = /^bytes=(\d*)-(\d*)$/.exec((headers.get('range') ?? '').trim())
  if (!match) return undefined
  const [, first = '', last = ''] = match
  if (first === '' && last === '') return undefined
  if (first === '') return { suffix: Number(last) }
  const offset = Number(first)
  if (last === '') return { offset }
  const end = Number(last)
  return end < offset ? undefined : { offset, length: end - offset + 1 }
}

const isUnsatisfiable = (error: unknown) =>
  error instanceof Error && /not satisfiable|10039/.test(error.message)

/** Which precondition failed: If-Match / If-Unmodified-Since give 412, If-None-Match / If-Modified-Since 304. */
function failedPreconditionStatus(headers: Headers, object: R2Object): 304 | 412 {
  const ifMatch = headers.get('if-match')
  if (ifMatch !== null) {
    const tags = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''))
    if (!tags.includes('*') && !tags.includes(object.httpEtag)) return 412
  } else {
    const since = Date.parse(headers.get('if-unmodified-since') ?? '')
    if (!Number.isNaN(since) && object.uploaded.getTime() > since + 999) return 412
  }
  return 304
}

function objectHeaders(object: R2Object): Headers {
  const headers = new Headers()
  object.writeHttpMetadata(headers)
  if (!headers.has('content-type')) headers.set('content-type', 'application/octet-stream')
  headers.set('etag', object.httpEtag)
  headers.set('last-modified', object.uploaded.toUTCString())
  headers.set('accept-ranges', 'bytes')
  // Objects are whatever was uploaded: never let a browser guess a more dangerous type.
  headers.set('x-content-type-options', 'nosniff')
  return headers
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
  // Range applies to GET only (RFC 9110 §14.2).
  const range = request.method === 'GET' ? requestedRange(request.headers) : undefined
  let object: R2Object | R2ObjectBody | null
  try {
    if (range && 'suffix' in range && range.suffix === 0) throw new Error('range not satisfiable')
    object = await bucket.get(key, { onlyIf: request.headers, ...(range ? { range } : {}) })
  } catch (error) {
    if (!isUnsatisfiable(error)) throw error
    const head = await bucket.head(key)
    if (!head) return text(404, 'Not Found')
    return text(416, 'Range Not Satisfiable', { 'content-range': `bytes */${head.size}` })
  }
  if (!object) return text(404, 'Not Found')
  const headers = objectHeaders(object)
  if (!('body' in object)) {
    const status = failedPreconditionStatus(request.headers, object)
    return new Response(null, {
      status,
      headers: status === 304 ? headers : { 'x-content-type-options': 'nosniff' },
    })
  }
  // HEAD reads through get() too, so both methods answer preconditions identically; the body is never read.
  if (request.method === 'HEAD') {
    await object.body.cancel()
    headers.set('content-length', String(object.size))
    return new Response(null, { status: 200, headers })
  }
  if (!range) return new Response(object.body, { status: 200, headers })
  const start = 'suffix' in range ? Math.max(0, object.size - range.suffix) : range.offset
  const end =
    'suffix' in range || range.length === undefined
      ? object.size - 1
      : Math.min(object.size, range.offset + range.length) - 1
  headers.set('content-range', `bytes ${start}-${end}/${object.size}`)
  return new Response(object.body, { status: 206, headers })
}
