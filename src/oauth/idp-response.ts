import type { Hono } from 'hono'
import type { Runtime } from '../config'
import { clearCookie, COOKIES } from '../http/cookies'
import { signedInReply } from '../http/signed-in-reply'
import { completeFederatedSignIn } from '../userpool/identity-providers/federated-sign-in'
import { browserEndpoint } from './browser-endpoint'

/**
 * /oauth2/idpresponse: where an upstream OIDC provider sends the browser back. A verified answer
 * signs the federated user in (a hosted-UI session, then the code to the app client); a refusal,
 * or an answer whose RFC 9207 `iss` is not the provider's, goes back to the client as
 * `access_denied`; a state we did not seal, or one another browser started, is an error page.
 */
export function idpResponseRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  return browserEndpoint('/oauth2/idpresponse', COOKIES.federation, async (browser) => {
    const { params: query, cookie: browserBinding, runtime, origin, issuer } = browser
    const { services } = runtime
    const { pool, authorization, user } = await completeFederatedSignIn(services, query, {
      callbackUrl: `${origin}/oauth2/idpresponse`,
      issuer,
      browserBinding,
    })
    const reply = await signedInReply(services, pool, authorization, user, issuer(pool.Id))
    reply.headers.append('set-cookie', clearCookie(COOKIES.federation))
    return reply
  })
}
