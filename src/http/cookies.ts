import { parse, serialize } from 'hono/utils/cookie'

/**
 * Every cookie Portcullis sets, in one place. All are `__Host-` cookies (Secure, Path=/, no
 * Domain: no other host or subdomain can set or read them) and HttpOnly; hono's serializer refuses
 * a `__Host-` cookie that breaks those rules, so none can be set any other way.
 */
const PREFIX = '__Host-pcl-'

export const COOKIES = {
  /** Hosted-UI sign-in session (auth host). */
  sso: `${PREFIX}sso`,
  /** Double-submit CSRF token of the hosted-UI forms (auth host). */
  csrf: `${PREFIX}csrf`,
  /** The hosted UI's sealed id of the browser, a device signal of adaptive authentication (auth host). */
  device: `${PREFIX}device`,
  /** Binds a federated sign-in to the browser that started it (auth host). */
  federation: `${PREFIX}fed`,
  /** The console's operator session: the sealed access token of its pool (auth host). */
  console: `${PREFIX}console`,
  /** The console's sign-in round trip: state and PKCE verifier, sealed (auth host). */
  consoleFlow: `${PREFIX}console-flow`,
  /** The gateway's session id (app hosts). */
  gatewaySession: `${PREFIX}gw-session`,
  /** The gateway's sign-in round trip: state, nonce and PKCE verifier, sealed (app hosts). */
  gatewayFlow: `${PREFIX}gw-flow`,
} as const

/** One of our cookies, or a numbered chunk of one (a value too large for a single cookie). */
export type CookieName =
  | (typeof COOKIES)[keyof typeof COOKIES]
  | `${(typeof COOKIES)[keyof typeof COOKIES]}.${number}`

/** Whether a cookie name is one of ours; none of them is ever forwarded to an origin. */
export const isPortcullisCookie = (name: string): boolean => name.startsWith(PREFIX)

/** A `Set-Cookie` value for one of our cookies; `maxAgeSeconds` omitted makes a session cookie. */
export function setCookie(name: CookieName, value: string, maxAgeSeconds?: number): string {
  return serialize(name, value, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  })
}

/** A `Set-Cookie` value that removes one of our cookies. */
export const clearCookie = (name: CookieName): string => setCookie(name, '', 0)

/** The cookies of a request, by name (the first of duplicates wins, as browsers send most specific first). */
export function readCookies(request: Request): Record<string, string> {
  const header = request.headers.get('cookie')
  return header ? parse(header) : {}
}

/**
 * A `Cookie` header with every Portcullis cookie taken out, or null when nothing is left: what a
 * proxied origin may see of the browser's cookies.
 */
export function withoutPortcullisCookies(header: string | null): string | null {
  if (header === null) return null
  const kept = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '' && !isPortcullisCookie(pair.split('=')[0]!.trim()))
  return kept.length > 0 ? kept.join('; ') : null
}
