import { createHash, randomUUID } from 'node:crypto'

/**
 * An in-memory stand-in for the subset of Workers' R2Bucket the gateway uses (head, get with
 * range and onlyIf, put with sha256, delete, list with prefix/delimiter/cursor/startAfter,
 * multipart uploads), for unit tests that run in Node where no R2 exists. Errors carry R2's
 * numbers in their messages as the runtime's do. Not a full R2: no minimum part size, no
 * storage classes, no SSE-C. The e2e suite checks the same behaviour against Miniflare's R2.
 */
interface Stored {
  key: string
  body: Uint8Array
  etag: string
  uploaded: Date
  httpMetadata: R2HTTPMetadata
  customMetadata: Record<string, string>
}

class MemoryObject {
  readonly key: string
  readonly size: number
  readonly etag: string
  readonly httpEtag: string
  readonly uploaded: Date
  readonly httpMetadata: R2HTTPMetadata
  readonly customMetadata: Record<string, string>
  readonly version = '1'
  readonly storageClass = 'Standard'
  readonly checksums = { toJSON: () => ({}) }
  constructor(stored: Stored) {
    this.key = stored.key
    this.size = stored.body.byteLength
    this.etag = stored.etag
    this.httpEtag = `"${stored.etag}"`
    this.uploaded = stored.uploaded
    this.httpMetadata = stored.httpMetadata
    this.customMetadata = stored.customMetadata
  }
  writeHttpMetadata(headers: Headers): void {
    const m = this.httpMetadata
    if (m.contentType) headers.set('content-type', m.contentType)
    if (m.contentLanguage) headers.set('content-language', m.contentLanguage)
    if (m.contentDisposition) headers.set('content-disposition', m.contentDisposition)
    if (m.contentEncoding) headers.set('content-encoding', m.contentEncoding)
    if (m.cacheControl) headers.set('cache-control', m.cacheControl)
    if (m.cacheExpiry) headers.set('expires', m.cacheExpiry.toUTCString())
  }
}

class MemoryObjectBody extends MemoryObject {
  readonly body: ReadableStream<Uint8Array>
  constructor(stored: Stored, bytes: Uint8Array) {
    super(stored)
    this.body = new Blob([bytes]).stream()
  }
}

async function bytesOf(value: unknown): Promise<Uint8Array> {
  if (value === null || value === undefined) return new Uint8Array(0)
  if (typeof value === 'string') return new TextEncoder().encode(value)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength))
  if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer())
  return new Uint8Array(await new Response(value as ReadableStream).arrayBuffer())
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex')

const metadataOf = (m: R2HTTPMetadata | Headers | undefined): R2HTTPMetadata => {
  if (!(m instanceof Headers)) return { ...(m ?? {}) }
  const out: R2HTTPMetadata = {}
  const type = m.get('content-type')
  if (type) out.contentType = type
  return out
}

/** Whether R2's onlyIf (as request headers) holds for an object. */
function conditionsHold(headers: Headers, object: Stored): boolean {
  const etag = `"${object.etag}"`
  const tags = (name: string) =>
    headers
      .get(name)
      ?.split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
  const ifMatch = tags('if-match')
  if (ifMatch && !ifMatch.includes('*') && !ifMatch.includes(etag)) return false
  const ifNoneMatch = tags('if-none-match')
  if (ifNoneMatch && (ifNoneMatch.includes('*') || ifNoneMatch.includes(etag))) return false
  const seconds = Math.floor(object.uploaded.getTime() / 1000) * 1000
  const unmodified = Date.parse(headers.get('if-unmodified-since') ?? '')
  if (!ifMatch && !Number.isNaN(unmodified) && seconds > unmodified) return false
  const modified = Date.parse(headers.get('if-modified-since') ?? '')
  if (!ifNoneMatch && !Number.isNaN(modified) && seconds <= modified) return false
  return true
}

export class MemoryR2Bucket {
  readonly objects = new Map<string, Stored>()
  private readonly uploads = new Map<
    string,
    {
      key: string
      parts: Map<number, { etag: string; body: Uint8Array }>
      options: R2MultipartOptions
    }
  >()

  constructor(private readonly now: () => number) {}

  async head(key: string): Promise<R2Object | null> {
    const stored = this.objects.get(key)
    return stored ? (new MemoryObject(stored) as unknown as R2Object) : null
  }

  async get(key: string, options: R2GetOptions = {}): Promise<R2ObjectBody | R2Object | null> {
    const stored = this.objects.get(key)
    if (!stored) return null
    if (options.onlyIf instanceof Headers && !conditionsHold(options.onlyIf, stored))
      return new MemoryObject(stored) as unknown as R2Object
    let bytes = stored.body
    const range = options.range as { offset?: number; length?: number; suffix?: number } | undefined
    if (range) {
      const size = bytes.byteLength
      const start =
        range.suffix !== undefined ? Math.max(0, size - range.suffix) : (range.offset ?? 0)
      if (start >= size) throw new Error('get: The requested range is not satisfiable (10039)')
      const end = range.length !== undefined ? Math.min(size, start + range.length) : size
      bytes = bytes.subarray(start, end)
    }
    return new MemoryObjectBody(stored, bytes) as unknown as R2ObjectBody
  }

  async put(key: string, value: unknown, options: R2PutOptions = {}): Promise<R2Object> {
    const body = await bytesOf(value)
    if (typeof options.sha256 === 'string') {
      const actual = createHash('sha256').update(body).digest('hex')
      if (actual !== options.sha256)
        throw new Error(
          'put: The SHA-256 checksum you specified did not match what we received. (10037)',
        )
    }
    const stored: Stored = {
      key,
      body,
      etag: md5(body),
      uploaded: new Date(this.now()),
      httpMetadata: metadataOf(options.httpMetadata),
      customMetadata: { ...(options.customMetadata ?? {}) },
    }
    this.objects.set(key, stored)
    return new MemoryObject(stored) as unknown as R2Object
  }

  async delete(keys: string | string[]): Promise<void> {
    for (const key of Array.isArray(keys) ? keys : [keys]) this.objects.delete(key)
  }

  async list(options: R2ListOptions = {}): Promise<R2Objects> {
    const prefix = options.prefix ?? ''
    const limit = options.limit ?? 1000
    const after = options.cursor
      ? Buffer.from(options.cursor, 'base64url').toString()
      : (options.startAfter ?? '')
    const keys = [...this.objects.keys()]
      .filter((key) => key.startsWith(prefix) && key > after)
      .sort()
    const objects: R2Object[] = []
    const prefixes: string[] = []
    let last = ''
    let truncated = false
    for (const key of keys) {
      const rest = key.slice(prefix.length)
      const cut = options.delimiter ? rest.indexOf(options.delimiter) : -1
      const common = cut >= 0 ? prefix + rest.slice(0, cut + options.delimiter!.length) : undefined
      if (common !== undefined && prefixes.includes(common)) {
        last = key
        continue
      }
      if (objects.length + prefixes.length >= limit) {
        truncated = true
        break
      }
      if (common !== undefined) prefixes.push(common)
      else objects.push(new MemoryObject(this.objects.get(key)!) as unknown as R2Object)
      last = key
    }
    return {
      objects,
      delimitedPrefixes: prefixes,
      truncated,
      ...(truncated ? { cursor: Buffer.from(last).toString('base64url') } : {}),
    } as R2Objects
  }

  async createMultipartUpload(
    key: string,
    options: R2MultipartOptions = {},
  ): Promise<R2MultipartUpload> {
    const uploadId = randomUUID()
    this.uploads.set(uploadId, { key, parts: new Map(), options })
    return this.resumeMultipartUpload(key, uploadId)
  }

  resumeMultipartUpload(key: string, uploadId: string): R2MultipartUpload {
    const find = () => {
      const upload = this.uploads.get(uploadId)
      if (!upload || upload.key !== key)
        throw new Error('The specified multipart upload does not exist. (10024)')
      return upload
    }
    return {
      key,
      uploadId,
      uploadPart: async (partNumber: number, value: unknown) => {
        const upload = find()
        const body = await bytesOf(value)
        const etag = md5(body)
        upload.parts.set(partNumber, { etag, body })
        return { partNumber, etag }
      },
      abort: async () => {
        find()
        this.uploads.delete(uploadId)
      },
      complete: async (parts: R2UploadedPart[]) => {
        const upload = find()
        const bodies = parts.map((part) => {
          const stored = upload.parts.get(part.partNumber)
          if (!stored || stored.etag !== part.etag)
            throw new Error('One or more of the specified parts could not be found. (10025)')
          return stored.body
        })
        const object = await this.put(key, Buffer.concat(bodies), {
          ...(upload.options.httpMetadata ? { httpMetadata: upload.options.httpMetadata } : {}),
          ...(upload.options.customMetadata
            ? { customMetadata: upload.options.customMetadata }
            : {}),
        })
        this.uploads.delete(uploadId)
        return object
      },
    } as unknown as R2MultipartUpload
  }
}
