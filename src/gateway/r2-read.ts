/**
 * Reading an object from an R2 bucket as an HTTP origin answers a GET or HEAD: one byte range
 * (206/416) and conditional requests (304/412). Shared by the static R2 origin and the S3 front,
 * which only word the outcomes differently.
 */

type ByteRange = { offset: number; length?: number } | { suffix: number }

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

/** The headers an object is served with (its HTTP metadata, validators, `nosniff`). */
export function objectHeaders(object: R2Object): Headers {
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

/** What reading an object came to. */
export type ReadOutcome =
  | { kind: 'not-found' }
  | { kind: 'unsatisfiable'; size: number }
  | { kind: 'precondition'; status: 304 | 412; headers: Headers; object: R2Object }
  /** The object's body is already cancelled for a HEAD. */
  | {
      kind: 'object'
      status: 200 | 206
      headers: Headers
      body: ReadableStream | null
      object: R2Object
    }

/** Reads `key` for a GET or HEAD request, honouring its Range and conditional headers. */
export async function readObject(
  bucket: R2Bucket,
  key: string,
  request: Request,
): Promise<ReadOutcome> {
  // Range applies to GET only (RFC 9110 §14.2).
  const range = request.method === 'GET' ? requestedRange(request.headers) : undefined
  let object: R2Object | R2ObjectBody | null
  try {
    if (range && 'suffix' in range && range.suffix === 0) throw new Error('range not satisfiable')
    object = await bucket.get(key, { onlyIf: request.headers, ...(range ? { range } : {}) })
  } catch (error) {
    if (!isUnsatisfiable(error)) throw error
    const head = await bucket.head(key)
    return head ? { kind: 'unsatisfiable', size: head.size } : { kind: 'not-found' }
  }
  if (!object) return { kind: 'not-found' }
  const headers = objectHeaders(object)
  if (!('body' in object)) {
    const status = failedPreconditionStatus(request.headers, object)
    return { kind: 'precondition', status, headers, object }
  }
  // HEAD reads through get() too, so both methods answer preconditions identically; the body is never read.
  if (request.method === 'HEAD') {
    await object.body.cancel()
    headers.set('content-length', String(object.size))
    return { kind: 'object', status: 200, headers, body: null, object }
  }
  if (!range) return { kind: 'object', status: 200, headers, body: object.body, object }
  const start = 'suffix' in range ? Math.max(0, object.size - range.suffix) : range.offset
  const end =
    'suffix' in range || range.length === undefined
      ? object.size - 1
      : Math.min(object.size, range.offset + range.length) - 1
  headers.set('content-range', `bytes ${start}-${end}/${object.size}`)
  return { kind: 'object', status: 206, headers, body: object.body, object }
}
