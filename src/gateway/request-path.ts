/**
 * The one form of a request path the gateway judges and forwards. Origins decode paths in their
 * own ways (`%2f` as `/`, `\` as `/`, `;` as a parameter, `//` merged or read as a host), so a
 * path that means different things to different readers is refused, and a path that means one
 * thing is judged and forwarded in exactly the same spelling: percent-encoded unreserved
 * characters decoded (RFC 3986 §6.2.2.2, so `/%61dmin` is `/admin` to the route table as it is
 * to the origin) and the remaining escapes in upper case. Envoy refuses the same escaped slashes.
 */
export type PathVerdict = { ok: true; path: string } | { ok: false; reason: string }

const UNRESERVED = /[A-Za-z0-9\-._~]/

/** Escapes whose decoding changes how a path splits into segments, or what a segment is. */
const AMBIGUOUS_ESCAPES = new Set(['2F', '5C', '2E', '3B', '00'])

/** Normalises an origin-form path (no query); refuses one that is ambiguous. */
export function normalizePath(raw: string): PathVerdict {
  if (!raw.startsWith('/')) return { ok: false, reason: 'the path must start with /' }
  if (raw.length > 8192) return { ok: false, reason: 'the path is too long' }
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!
    const code = char.charCodeAt(0)
    if (code < 0x21 || code === 0x7f)
      return { ok: false, reason: 'the path contains a control character or a space' }
    if (char === '\\') return { ok: false, reason: 'the path contains a backslash' }
    if (char === ';') return { ok: false, reason: 'the path contains a ; (a path parameter)' }
    if (char === '#') return { ok: false, reason: 'the path contains a fragment' }
    if (char !== '%') {
      out += char
      continue
    }
    const hex = raw.slice(i + 1, i + 3).toUpperCase()
    if (!/^[0-9A-F]{2}$/.test(hex))
      return { ok: false, reason: 'the path contains a malformed % escape' }
    if (AMBIGUOUS_ESCAPES.has(hex) || Number.parseInt(hex, 16) < 0x20 || hex === '7F')
      return { ok: false, reason: `the path contains an ambiguous escape %${hex}` }
    // `%252F` is `%2F` to an origin that decodes twice.
    if (hex === '25' && AMBIGUOUS_ESCAPES.has(raw.slice(i + 3, i + 5).toUpperCase()))
      return { ok: false, reason: 'the path contains a double-encoded escape' }
    const decoded = String.fromCharCode(Number.parseInt(hex, 16))
    out += UNRESERVED.test(decoded) ? decoded : `%${hex}`
    i += 2
  }
  const segments = out.split('/').slice(1)
  // An empty segment anywhere but last (a trailing slash) is `//`: merged by some readers, a host to others.
  if (segments.slice(0, -1).some((segment) => segment === ''))
    return { ok: false, reason: 'the path contains an empty segment (//)' }
  if (segments.some((segment) => segment === '.' || segment === '..'))
    return { ok: false, reason: 'the path contains a dot segment' }
  return { ok: true, path: out }
}
