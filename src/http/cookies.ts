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

/**
 * A `Set-Cookie` value for one of our cookies; `maxAgeSeconds` omitted makes a session cookie.
 * SameSite is Lax unless `sameSite: 'None'` is asked for: only a cookie that must come back with
 * another site's POST (the federation binding when a provider answers by form_post) asks, and it
 * must then prove what it guards by its value, never by its arrival.
 */
export function setCookie(
  name: CookieName,
  value: string,
  maxAgeSeconds?: number,
  options: { sameSite?: 'Lax' | 'None' } = {},
): string {
  return serialize(name, value, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: options.sameSite ?? 'Lax',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  })
}

/**
 * The cookie binding a federated sign-in to the browser that started it, for ten minutes.
 *
 * Most providers send the browser back by a redirect, a top-level GET that carries a Lax cookie.
 * Sign in with Apple answers by form_post: a POST from appleid.apple.com, cross-site, which a Lax
 * cookie does not go with, so for such a provider the cookie is SameSite=None. That gives up no
 * defence: login CSRF is defeated by the cookie's value, not its arrival. The sealed state carries
 * a random binding, /oauth2/idpresponse requires this cookie to hold that same value, and a state
 * someone else started carries their binding, which no other browser's cookie holds, so their
 * code posted to a victim's browser is refused whether the victim's cookie comes along or not.
 * The cookie stays __Host-, Secure and HttpOnly, and is read by /oauth2/idpresponse alone.
 */
export const federationCookie = (binding: string, crossSitePost: boolean): string =>
  setCookie(COOKIES.federation, binding, 600, crossSitePost ? { sameSite: 'None' } : {})

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
