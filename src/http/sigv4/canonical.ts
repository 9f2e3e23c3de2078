/** The canonical-request parts of SigV4, as the AWS signers compute them. */

/** URI-encodes as SigV4 requires: everything but A-Z a-z 0-9 - _ . ~, in upper-case hex. */
export const encodeRfc3986 = (text: string): string =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )

/**
 * The canonical URI of every AWS service but S3: the path as sent, without empty, "." and ".."
 * segments, each segment URI-encoded once more (so a label sent as `us-east-1%3Aid` is signed as
 * `us-east-1%253Aid`).
 */
export function doubleEncodedPath(pathname: string): string {
  const segments: string[] = []
  for (const segment of pathname.split('/')) {
    if (segment === '..') segments.pop()
    else if (segment !== '' && segment !== '.') segments.push(segment)
  }
  const trailingSlash = segments.length > 0 && pathname.endsWith('/') ? '/' : ''
  return `/${segments.map(encodeRfc3986).join('/')}${trailingSlash}`
}

/**
 * S3's canonical URI: the whole path, segment by segment, decoded once and encoded once, with no
 * segment removed (an S3 key is literal: `a//b` and `a/../b` are keys). Undefined when the path
 * holds a malformed escape.
 */
export function s3Path(pathname: string): string | undefined {
  try {
    return pathname
      .split('/')
      .map((segment) => encodeRfc3986(decodeURIComponent(segment)))
      .join('/')
  } catch {
    return undefined
  }
}

/** The sorted, encoded query; `omit` leaves out the signature of a presigned URL. */
export function canonicalQuery(params: URLSearchParams, omit?: string): string {
  return [...params.entries()]
    .filter(([k]) => k !== omit)
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** Signed headers as `name:value\n` lines: values trimmed, inner runs of spaces folded. */
export function canonicalHeaders(
  names: readonly string[],
  headerValue: (name: string) => string | null,
): string | { missing: string } {
  let out = ''
  for (const name of names) {
    const value = headerValue(name)
    if (value === null) return { missing: name }
    out += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`
  }
  return out
}
