import type { Context } from 'hono'
import type { Runtime } from '../config'
import { respondHtmlError } from '../errors/respond'
import { authorizationReply } from '../http/authorization-reply'
import { poolIdForHost } from '../userpool/domains'
import { RedirectableError, validateAuthorizationRequest } from '../userpool/oauth/authorization-request'
import { pageHeaders } from './layout'

export type AppContext = Context<{ Variables: { runtime: Runtime } }>

export function htmlError(error: unknown): Response {
  const reply = respondHtmlError(error)
  return new Response(reply.body, { status: reply.status, headers: reply.headers })
}

/** Every hosted-UI page belongs to a valid authorization request: validate it the way authorize does. */
export async function authorizationFor(c: AppContext, params: Record<string, string | undefined>) {
  const runtime = c.get('runtime')
  const origin = runtime.publicOrigin ?? new URL(c.req.url).origin
  const issuer = (poolId: string) => `${origin}/${poolId}`
  const hostPool = await poolIdForHost(runtime.services, new URL(c.req.url).host)
  return { ...(await validateAuthorizationRequest(runtime.services, params, hostPool, issuer)), issuer }
}

export function page(c: AppContext, redirectUri: string, body: Parameters<AppContext['html']>[0], status: 200 | 400 = 200): Response | Promise<Response> {
  return c.html(body, status, pageHeaders(redirectUri))
}

/** Runs a page handler: invalid requests become an error page or a redirect back to the client. */
export async function guarded(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler()
  } catch (error) {
    if (error instanceof RedirectableError) return authorizationReply(error.response)
    return htmlError(error)
  }
}
