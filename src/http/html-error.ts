import { respondHtmlError } from '../errors/respond'

/** An error as the HTML page a browser sees (hosted UI, authorize, federation callback, logout). */
export function htmlErrorResponse(error: unknown): Response {
  const reply = respondHtmlError(error)
  return new Response(reply.body, { status: reply.status, headers: reply.headers })
}
