import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Runtime } from '../config'
import { respondHtmlError } from '../errors/respond'
import { authorizationReply } from '../http/authorization-reply'
import { readForm, readParams } from '../http/request-params'
import { completeFederatedSignIn } from '../userpool/federation/federated-sign-in'
import { authorizeUser, RedirectableError } from '../userpool/oauth/authorization-request'
import { FEDERATION_COOKIE, SSO_COOKIE } from '../userpool/oauth/cookies'
import { startSsoSession } from '../userpool/oauth/sso-sessions'

/**
 * /oauth2/idpresponse: where an upstream OIDC provider sends the browser back. A verified answer
 * signs the federated user in (a hosted-UI session, then the code to the app client); a refusal
 * goes back to the client as `access_denied`; a state we did not seal is an error page.
 */
export function idpResponseRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  const handle = async (request: Request, query: Record<string, string | undefined>, browserBinding: string | undefined, runtime: Runtime): Promise<Response> => {
    const { services } = runtime
    const origin = runtime.publicOrigin ?? new URL(request.url).origin
    const issuer = (poolId: string) => `${origin}/${poolId}`
    try {
      const { pool, authorization, user } = await completeFederatedSignIn(services, query, { callbackUrl: `${origin}/oauth2/idpresponse`, issuer, browserBinding })
      const authTime = Math.floor(services.now() / 1000)
      const session = await startSsoSession(services, pool, user.username, authTime)
      const reply = authorizationReply(await authorizeUser(services, pool, authorization, user, authTime, issuer(pool.Id)), {
        'set-cookie': `${SSO_COOKIE}=${session}; Path=/; Secure; HttpOnly; SameSite=Lax`,
      })
      reply.headers.append('set-cookie', `${FEDERATION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`)
      return reply
    } catch (error) {
      if (error instanceof RedirectableError) return authorizationReply(error.response)
      const reply = respondHtmlError(error)
      return new Response(reply.body, { status: reply.status, headers: reply.headers })
    }
  }
  routes.get('/oauth2/idpresponse', async (c) => {
    try {
      return await handle(c.req.raw, readParams(new URL(c.req.url).searchParams), getCookie(c, FEDERATION_COOKIE), c.get('runtime'))
    } catch (error) {
      const reply = respondHtmlError(error)
      return new Response(reply.body, { status: reply.status, headers: reply.headers })
    }
  })
  routes.post('/oauth2/idpresponse', async (c) => {
    try {
      return await handle(c.req.raw, await readForm(c.req.raw), getCookie(c, FEDERATION_COOKIE), c.get('runtime'))
    } catch (error) {
      const reply = respondHtmlError(error)
      return new Response(reply.body, { status: reply.status, headers: reply.headers })
    }
  })
  return routes
}
