import { Hono } from 'hono'
import type { Runtime } from '../config'
import { clearCookie, COOKIES, readCookies } from '../http/cookies'
import { browserErrors } from '../http/error-handlers'
import { readRequestParams } from '../http/request-params'
import { signedInReply } from '../http/signed-in-reply'
import { completeFederatedSignIn } from '../userpool/identity-providers/federated-sign-in'

/**
 * /oauth2/idpresponse: where an upstream OIDC provider sends the browser back. A verified answer
 * signs the federated user in (a hosted-UI session, then the code to the app client); a refusal,
 * or an answer whose RFC 9207 `iss` is not the provider's, goes back to the client as
 * `access_denied`; a state we did not seal, or one another browser started, is an error page.
 */
export function idpResponseRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(browserErrors)
  const handle = async (
    request: Request,
    query: Record<string, string | undefined>,
    browserBinding: string | undefined,
    runtime: Runtime,
  ): Promise<Response> => {
    const { services } = runtime
    const origin = runtime.publicOrigin ?? new URL(request.url).origin
    const issuer = (poolId: string) => `${origin}/${poolId}`
    const { pool, authorization, user } = await completeFederatedSignIn(services, query, {
      callbackUrl: `${origin}/oauth2/idpresponse`,
      issuer,
      browserBinding,
    })
    const reply = await signedInReply(services, pool, authorization, user, issuer(pool.Id))
    reply.headers.append('set-cookie', clearCookie(COOKIES.federation))
    return reply
  }
  routes.on(['GET', 'POST'], '/oauth2/idpresponse', async (c) =>
    handle(
      c.req.raw,
      await readRequestParams(c.req.raw),
      readCookies(c.req.raw)[COOKIES.federation],
      c.get('runtime'),
    ),
  )
  return routes
}
