import { Hono } from 'hono'
import { cognitoJsonApi } from './api/dispatcher'
import { runtimeFor, type Runtime } from './config'
import { devRoutes } from './dev/outbox-route'
import type { Env } from './env'
import { authorizeRoutes } from './oauth/authorize'
import { idpResponseRoutes } from './oauth/idp-response'
import { discoveryRoutes } from './oauth/discovery'
import { handleForwardAuth, handleGatewayKey, handleGatewayRequest } from './gateway/gateway'
import type { WorkerBindings } from './gateway/origin-fetch'
import { gatewaySigner } from './gateway/signer'
import { logoutRoutes } from './oauth/logout'
import { revokeRoutes } from './oauth/revoke'
import { tokenRoutes } from './oauth/token'
import { userInfoRoutes } from './oauth/userinfo'
import { accountRoutes } from './ui/account-routes'
import { loginRoutes } from './ui/login-routes'
import { mfaRoutes } from './ui/mfa-routes'
import { logoRoutes } from './ui/logo-route'

/** The Worker's HTTP surface: every router mounted on one Hono app. */
export function createApp(): Hono<{ Bindings: Env; Variables: { runtime: Runtime } }> {
  const app = new Hono<{ Bindings: Env; Variables: { runtime: Runtime } }>()
  app.use('*', async (c, next) => {
    c.set('runtime', runtimeFor(c.env))
    await next()
  })
  app.get('/health', (c) => c.json({ status: 'ok' }))
  app.route('/', cognitoJsonApi())
  app.route('/', discoveryRoutes())
  app.route('/', authorizeRoutes())
  app.route('/', idpResponseRoutes())
  app.route('/', tokenRoutes())
  app.route('/', userInfoRoutes())
  app.route('/', revokeRoutes())
  app.route('/', logoutRoutes())
  app.route('/', loginRoutes())
  app.route('/', mfaRoutes())
  app.route('/', accountRoutes())
  app.route('/', logoRoutes())
  app.route('/', devRoutes())
  const gatewayContext = (c: { req: { url: string }; get(key: 'runtime'): Runtime; env: Env }) => {
    const runtime = c.get('runtime')
    return {
      config: runtime.gateway,
      selfOrigin: runtime.publicOrigin ?? new URL(c.req.url).origin,
      // The gateway is a relying party of this Worker's own pools: it asks for their keys in-process.
      selfFetch: async (url: string, init?: RequestInit) => app.request(url, init, c.env),
      signer: () => gatewaySigner(runtime.services.stores.registry(), runtime.services.sealer),
      sealer: runtime.services.sealer,
      now: runtime.services.now(),
    }
  }
  app.get('/_gateway/keys/:kid', (c) => handleGatewayKey(c.req.param('kid'), gatewayContext(c)))
  app.all('/_gateway/auth', (c) => handleForwardAuth(c.req.raw, gatewayContext(c)))
  app.all('*', (c) =>
    handleGatewayRequest(c.req.raw, gatewayContext(c), c.env as unknown as WorkerBindings),
  )
  return app
}
