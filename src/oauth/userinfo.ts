import { Hono } from 'hono'
import type { Runtime } from '../config'
import { NotAuthorizedException } from '../errors/cognito'
import { InvalidToken } from '../errors/oauth'
import { NO_STORE_HEADERS } from '../errors/respond'
import { oauthJsonErrors } from '../http/error-handlers'
import { userInfoClaims } from '../userpool/oauth/userinfo'
import { verifyAccessToken } from '../userpool/tokens/verify-access-token'
import { issuerOrigin } from './browser-endpoint'

/** GET/POST /oauth2/userInfo with a bearer access token that carries `openid`. */
export function userInfoRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(oauthJsonErrors)
  const handler = async (request: Request, runtime: Runtime): Promise<Response> => {
    const header = request.headers.get('authorization') ?? ''
    const token = /^bearer\s+(\S+)$/i.exec(header)?.[1]
    if (!token) throw new InvalidToken('A bearer access token is required')
    const verified = await verifyAccessToken(
      runtime.services,
      token,
      issuerOrigin(runtime, request),
      { requiredScope: 'openid' },
    ).catch((error: unknown) => {
      throw error instanceof NotAuthorizedException ? new InvalidToken(error.message) : error
    })
    const scopes = String(verified.claims.scope ?? '').split(' ')
    return new Response(
      JSON.stringify(userInfoClaims(verified.loaded.user, verified.client, scopes)),
      {
        status: 200,
        headers: {
          'content-type': 'application/json',
          ...NO_STORE_HEADERS,
          'access-control-allow-origin': '*',
        },
      },
    )
  }
  routes.get('/oauth2/userInfo', (c) => handler(c.req.raw, c.get('runtime')))
  routes.post('/oauth2/userInfo', (c) => handler(c.req.raw, c.get('runtime')))
  return routes
}
