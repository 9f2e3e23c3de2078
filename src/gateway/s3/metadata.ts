/** An object's metadata between S3's headers and R2's httpMetadata / customMetadata. */

const USER_METADATA = 'x-amz-meta-'

/** S3's user metadata is at most 2 KB. */
const MAX_USER_METADATA_BYTES = 2048

/** The HTTP metadata a PUT or CreateMultipartUpload stores (aws-chunked is framing, not content). */
export function httpMetadataOf(headers: Headers): R2HTTPMetadata {
  const encoding = (headers.get('content-encoding') ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '' && value.toLowerCase() !== 'aws-chunked')
    .join(', ')
  const expires = headers.get('expires')
  const metadata: R2HTTPMetadata = {}
  const contentType = headers.get('content-type')
  if (contentType) metadata.contentType = contentType
  const language = headers.get('content-language')
  if (language) metadata.contentLanguage = language
  const disposition = headers.get('content-disposition')
  if (disposition) metadata.contentDisposition = disposition
  if (encoding) metadata.contentEncoding = encoding
  const cacheControl = headers.get('cache-control')
  if (cacheControl) metadata.cacheControl = cacheControl
  if (expires && !Number.isNaN(Date.parse(expires))) metadata.cacheExpiry = new Date(expires)
  return metadata
}

/** `x-amz-meta-*` headers as R2 custom metadata; undefined when they exceed S3's limit. */
export function userMetadataOf(headers: Headers): Record<string, string> | undefined {
  const metadata: Record<string, string> = {}
  let size = 0
  for (const [name, value] of headers) {
    if (!name.startsWith(USER_METADATA)) continue
    const key = name.slice(USER_METADATA.length)
    metadata[key] = value
    size += key.length + value.length
  }
  return size > MAX_USER_METADATA_BYTES ? undefined : metadata
}

/** Adds an object's custom metadata as `x-amz-meta-*` headers. */
export function writeUserMetadata(object: R2Object, headers: Headers): void {
  for (const [key, value] of Object.entries(object.customMetadata ?? {}))
    headers.set(`${USER_METADATA}${key}`, value)
}

/** GetObject's response-* query parameters, which override the headers of the answer. */
const OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
}

export const RESPONSE_OVERRIDES = Object.keys(OVERRIDES)

export function applyResponseOverrides(params: URLSearchParams, headers: Headers): void {
  for (const [param, header] of Object.entries(OVERRIDES)) {
    const value = params.get(param)
    if (value !== null) headers.set(header, value)
  }
}
