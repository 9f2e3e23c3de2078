import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { constantTimeEqual, utf8 } from '../crypto/encoding'
import { randomToken } from '../crypto/random'
import { FormExpired } from '../errors/hosted-ui'
import { htmlErrorResponse } from '../http/html-error'
import { CSRF_COOKIE } from '../userpool/oauth/cookies'

/**
 * Double-submit CSRF protection: a random token in a `__Host-` cookie (which no other origin or
 * subdomain can set) that every form repeats; plus an Origin check when the browser sends one.
 */
export function issueCsrf(c: Context): string {
  const existing = getCookie(c, CSRF_COOKIE)
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing
  const token = randomToken(32)
  setCookie(c, CSRF_COOKIE, token, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' })
  return token
}

export function csrfValid(c: Context, submitted: string | undefined): boolean {
  const cookie = getCookie(c, CSRF_COOKIE)
  const origin = c.req.header('origin')
  if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin) return false
  return Boolean(cookie && submitted && constantTimeEqual(utf8(cookie), utf8(submitted)))
}

/** What a form post that fails `csrfValid` gets: the error page, 403. */
export const csrfRejection = (): Response => htmlErrorResponse(new FormExpired())
