import { NO_STORE_HEADERS } from '../errors/respond'
import type { AuthorizationResponse } from '../userpool/oauth/authorization-request'

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * Sends an authorization response to the client: a 303 to the redirect URI with the parameters in
 * the query, or, for response_mode=form_post, an auto-submitting form (OAuth 2.0 Form Post).
 */
export function authorizationReply(
  response: AuthorizationResponse,
  extraHeaders: Record<string, string> = {},
): Response {
  if (response.responseMode === 'form_post') {
    const fields = Object.entries(response.params)
      .map(
        ([name, value]) =>
          `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
      )
      .join('')
    const script = 'document.forms[0].submit()'
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Continuing…</title></head><body><form method="post" action="${escapeHtml(response.redirectUri)}">${fields}<noscript><button type="submit">Continue</button></noscript></form><script>${script}</script></body></html>`
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        ...NO_STORE_HEADERS,
        // The only script allowed is the one-line submit, pinned by its hash.
        'content-security-policy':
          "default-src 'none'; script-src 'sha256-ePniVEkSivX/c7XWBGafqh8tSpiRrKiqYeqbG7N1TOE='; form-action *; frame-ancestors 'none'; base-uri 'none'",
        ...extraHeaders,
      },
    })
  }
  const url = new URL(response.redirectUri)
  if (response.responseMode === 'fragment')
    url.hash = new URLSearchParams(response.params).toString()
  else
    for (const [name, value] of Object.entries(response.params)) url.searchParams.set(name, value)
  return new Response(null, {
    status: 303,
    headers: { location: url.toString(), ...NO_STORE_HEADERS, ...extraHeaders },
  })
}
