import { type ErrorReply, respondHtmlError, respondOAuthJson } from '../errors/respond'
import { RedirectableError } from '../userpool/oauth/authorization-request'
import { authorizationReply } from './authorization-reply'

/** A rendered error as the response that carries it, with any headers the surface adds. */
export function errorResponse(reply: ErrorReply, extraHeaders: Record<string, string> = {}) {
  return new Response(reply.body, {
    status: reply.status,
    headers: { ...reply.headers, ...extraHeaders },
  })
}

/**
 * `onError` of the OAuth JSON endpoints (/oauth2/token, /oauth2/revoke, /oauth2/userInfo): what a
 * handler throws becomes RFC 6749's `{"error","error_description"}`, never cached.
 */
export const oauthJsonErrors = (error: unknown): Response => errorResponse(respondOAuthJson(error))

/**
 * `onError` of the endpoints a browser navigates to (authorize, idpresponse, logout, the hosted UI):
 * an error the client may hear goes back to its redirect URI; anything else, including a bad client
 * or redirect URI, is the HTML error page, never a redirect.
 */
export const browserErrors = (error: unknown): Response =>
  error instanceof RedirectableError
    ? authorizationReply(error.response)
    : errorResponse(respondHtmlError(error))
