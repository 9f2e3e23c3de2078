import { InvalidArgument, NoSuchBucket } from '../../errors/s3'
import { splitHost } from '../../http/host-names'
import type { RouteConfig } from '../config'

/** R2 and S3 keys are at most 1,024 bytes. */
const MAX_KEY_BYTES = 1024

/** Which bucket and key a request names. */
export interface S3Address {
  bucket: string
  /** The object key, decoded once and otherwise literal; undefined for the bucket itself. */
  key: string | undefined
  /** What S3 echoes as `<Resource>`: `/bucket` or `/bucket/key`. */
  resource: string
}

/**
 * Reads the bucket and key from a request to an `s3:` route mounted at its path: path style
 * (`/{mount}/{bucket}/{key}`), or virtual-host style (`{bucket}.s3.example.test/{mount}/{key}`)
 * when the route's host is a wildcard. The key is the rest of the path as S3 reads it, so no
 * spelling of it can name another bucket; a bucket other than the route's is NoSuchBucket.
 */
export function s3Address(route: RouteConfig, url: URL): S3Address {
  const mount = route.path.slice(0, -2)
  const rest = url.pathname.slice(mount.length)
  let bucket: string
  let rawKey: string
  if (route.host.startsWith('*.')) {
    bucket = splitHost(url.host).hostname.split('.')[0] ?? ''
    rawKey = rest.replace(/^\//, '')
  } else {
    const [, first = '', ...others] = rest.split('/')
    bucket = safeDecode(first)
    rawKey = others.join('/')
  }
  const key = safeDecode(rawKey)
  if (new TextEncoder().encode(key).length > MAX_KEY_BYTES)
    throw new InvalidArgument('Your key is too long.')
  const address = {
    bucket,
    key: key === '' ? undefined : key,
    resource: key === '' ? `/${bucket}` : `/${bucket}/${key}`,
  }
  if (bucket !== route.bucket) throw Object.assign(new NoSuchBucket(), { address })
  return address
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new InvalidArgument('The request path holds a malformed escape.')
  }
}
