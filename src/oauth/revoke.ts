import { Hono } from 'hono'
import type { Runtime } from '../config'
import { InvalidRequest, UnauthorizedClient } from '../errors/oauth'
import { NO_STORE_HEADERS } from '../errors/respond'
import { oauthJsonErrors } from '../http/error-handlers'
import { authenticateOAuthClient } from '../userpool/oauth/token-grants'
import { revokeRefreshFamily } from '../userpool/tokens/refresh-tokens'
import { clientCredentials } from './client-credentials-header'
import { readForm } from '../http/request-params'

/** POST /oauth2/revoke (RFC 7009): revokes a refresh token's family; unknown tokens answer 200. */
export function revokeRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(oauthJsonErrors)
  routes.post('/oauth2/revoke', async (c) => {
    const { services } = c.get('runtime')
    const form = await readForm(c.req.raw)
    if (!form.token) throw new InvalidRequest('token is required')
    const { clientId, secret } = clientCredentials(c.req.header('authorization') ?? null, form)
    const { pool, client } = await authenticateOAuthClient(services, clientId, secret)
    if (!client.EnableTokenRevocation)
      throw new UnauthorizedClient('Token revocation is not enabled for this client.')
    await revokeRefreshFamily(services, pool, client, form.token)
    return new Response(null, { status: 200, headers: NO_STORE_HEADERS })
  })
  return routes
}
