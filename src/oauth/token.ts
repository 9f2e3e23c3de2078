import { Hono } from 'hono'
import type { Runtime } from '../config'
import { UnsupportedGrantType } from '../errors/oauth'
import { NO_STORE_HEADERS } from '../errors/respond'
import { oauthJsonErrors } from '../http/error-handlers'
import {
  authenticateOAuthClient,
  clientCredentialsGrant,
  exchangeAuthorizationCode,
  refreshTokenGrant,
} from '../userpool/oauth/token-grants'
import { clientCredentials } from './client-credentials-header'
import { readForm } from '../http/request-params'
import { issuerOrigin } from './browser-endpoint'

/** POST /oauth2/token: client authentication, then one grant per `grant_type`. */
export function tokenRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(oauthJsonErrors)
  routes.post('/oauth2/token', async (c) => {
    const runtime = c.get('runtime')
    const { services } = runtime
    const form = await readForm(c.req.raw)
    const { clientId, secret } = clientCredentials(c.req.header('authorization') ?? null, form)
    const resolved = await authenticateOAuthClient(services, clientId, secret)
    const issuer = `${issuerOrigin(runtime, c.req.raw)}/${resolved.pool.Id}`
    let body: object
    switch (form.grant_type) {
      case 'authorization_code':
        body = await exchangeAuthorizationCode(
          services,
          resolved,
          { code: form.code, redirectUri: form.redirect_uri, codeVerifier: form.code_verifier },
          issuer,
        )
        break
      case 'refresh_token':
        body = await refreshTokenGrant(
          services,
          resolved,
          form.refresh_token,
          issuer,
          form.device_key,
        )
        break
      case 'client_credentials':
        body = await clientCredentialsGrant(services, resolved, form.scope, issuer)
        break
      default:
        throw new UnsupportedGrantType(
          'grant_type must be authorization_code, refresh_token or client_credentials',
        )
    }
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json', ...NO_STORE_HEADERS },
    })
  })
  return routes
}
