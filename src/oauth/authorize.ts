import type { Hono } from 'hono'
import { COOKIES, federationCookie } from '../http/cookies'
import type { Runtime } from '../config'
import { externalProviders, offersLocalSignIn } from '../userpool/clients/clients'
import { poolIdForHost } from '../userpool/domains/domains'
import { startFederatedSignIn } from '../userpool/identity-providers/federated-sign-in'
import { requestedIdentityProvider } from '../userpool/identity-providers/identity-providers'
import {
  authorizeUser,
  loginRequired,
  needsLogin,
  validateAuthorizationRequest,
} from '../userpool/oauth/authorization-request'
import { resumeSsoSession } from '../userpool/oauth/sso-sessions'
import { authorizationReply } from '../http/authorization-reply'
import { browserEndpoint } from './browser-endpoint'

/**
 * /oauth2/authorize (GET, and POST per OIDC Core §3.1.2.1). An existing hosted-UI session answers
 * at once (SSO); otherwise the browser goes to /login with the same parameters. Bad client or
 * redirect URI: an error page, never a redirect (`browserErrors`). No CORS here.
 */
export function authorizeRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  return browserEndpoint('/oauth2/authorize', COOKIES.sso, async (browser) => {
    const { request, params, cookie, runtime, origin, issuer } = browser
    const { services } = runtime
    const hostPool = await poolIdForHost(services, new URL(request.url).host)
    const {
      pool,
      client,
      request: authorization,
    } = await validateAuthorizationRequest(services, params, hostPool, issuer)
    // A named identity provider always signs in upstream, as Cognito does.
    const providerName = await requestedIdentityProvider(services, pool, params)
    const federate = async (name: string): Promise<Response> => {
      const { location, browserBinding, crossSitePost } = await startFederatedSignIn(
        services,
        pool,
        client,
        authorization,
        name,
        { callbackUrl: `${origin}/oauth2/idpresponse`, issuer: issuer(pool.Id) },
      )
      const headers = new Headers({
        location,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      })
      headers.append('set-cookie', federationCookie(browserBinding, crossSitePost))
      return new Response(null, { status: 303, headers })
    }
    if (providerName && providerName !== 'COGNITO') return await federate(providerName)
    const session = await resumeSsoSession(services, pool, cookie)
    if (needsLogin(authorization, session, Math.floor(services.now() / 1000))) {
      if (authorization.prompt.includes('none')) throw loginRequired(authorization, issuer(pool.Id))
      // A client whose only way in is one identity provider goes straight there, as in Cognito.
      const external = externalProviders(client)
      if (!offersLocalSignIn(client) && external.length === 1) return await federate(external[0]!)
      const login = new URL('/login', origin)
      for (const [name, value] of Object.entries(params))
        if (value !== undefined) login.searchParams.set(name, value)
      return new Response(null, {
        status: 303,
        headers: {
          location: login.toString(),
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
        },
      })
    }
    return authorizationReply(
      await authorizeUser(
        services,
        pool,
        authorization,
        session!.loaded.user,
        session!.authTime,
        issuer(pool.Id),
        session!.eventId,
      ),
    )
  })
}
