import type { Context } from 'hono'
import { constantTimeEqual, utf8 } from '../crypto/encoding'
import { randomToken } from '../crypto/random'
import { FormExpired } from '../errors/hosted-ui'
import { COOKIES, readCookies, setCookie } from '../http/cookies'

/**
 * Double-submit CSRF protection: a random token in a `__Host-` cookie (which no other origin or
 * subdomain can set) that every form repeats; plus an Origin check when the browser sends one.
 */
export function issueCsrf(c: Context): string {
  const existing = readCookies(c.req.raw)[COOKIES.csrf]
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing
  const token = randomToken(32)
  // Pending on the context: the page rendered with `c.html` carries it.
  c.header('set-cookie', setCookie(COOKIES.csrf, token), { append: true })
  return token
}

/** Refuses a form post whose CSRF token does not match its cookie: the error page, 403. */
export function requireCsrf(c: Context, submitted: string | undefined): void {
  const cookie = readCookies(c.req.raw)[COOKIES.csrf]
  const origin = c.req.header('origin')
  const sameOrigin = !origin || origin === 'null' || origin === new URL(c.req.url).origin
  if (!sameOrigin || !cookie || !submitted || !constantTimeEqual(utf8(cookie), utf8(submitted)))
    throw new FormExpired()
}
