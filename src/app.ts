import { Hono } from 'hono'
import { cognitoJsonApi } from './api/dispatcher'
import { userImportUploadRoutes } from './api/user-import-upload'
import type { Runtime } from './config'
import { devRoutes } from './dev/outbox-route'
import type { Env } from './env'
import { EnvironmentError } from './environment'
import { handleForwardAuth } from './gateway/forward-auth'
import { handleGatewayKey, handleGatewayRequest } from './gateway/gateway'
import { credentialAuthorization } from './gateway/aws-iam'
import type { GatewayContext } from './gateway/gateway-context'
import type { WorkerBindings } from './gateway/origin-fetch'
import { authOrigin, isAuthHost } from './http/hosts'
import { authorizeRoutes } from './oauth/authorize'
import { discoveryRoutes } from './oauth/discovery'
import { identityPoolDiscoveryRoutes } from './oauth/identity-pool-discovery'
import { idpResponseRoutes } from './oauth/idp-response'
import { logoutRoutes } from './oauth/logout'
import { revokeRoutes } from './oauth/revoke'
import { tokenRoutes } from './oauth/token'
import { userInfoRoutes } from './oauth/userinfo'
import { accountRoutes } from './ui/account-routes'
import { consoleRoutes } from './ui/console/console-routes'
import { landingRoutes } from './ui/landing-route'
import { loginRoutes } from './ui/login-routes'
import { logoRoutes } from './ui/logo-route'
import { mfaRoutes } from './ui/mfa-routes'
import { riskRoutes } from './ui/risk-routes'
import { passkeyRoutes } from './ui/passkey-routes'
import { passkeyScriptRoutes } from './ui/passkey-script'
import { queryApi } from './query/dispatcher'
import { syncApi } from './sync-api/router'

type AppEnv = { Bindings: Env; Variables: { runtime: Runtime } }

const health = () => Response.json({ status: 'ok' })

/** How a router finds its runtime: built from the Worker's environment, or given by a test. */
type RuntimeOf = (env: Env) => Runtime

/** Every router sees the runtime (built once per isolate). */
function withRuntime(app: Hono<AppEnv>, runtimeOf: RuntimeOf): Hono<AppEnv> {
  app.use('*', async (c, next) => {
    c.set('runtime', runtimeOf(c.env))
    await next()
  })
  return app
}

/** The identity provider: JSON APIs, OAuth/OIDC endpoints and the hosted UI, on auth hosts only. */
function identityProvider(runtimeOf: RuntimeOf): Hono<AppEnv> {
  const idp = withRuntime(new Hono<AppEnv>(), runtimeOf)
  idp.get('/health', health)
  // Query requests (form bodies) first: anything else on `POST /` goes on to the JSON API.
  idp.route('/', queryApi())
  idp.route('/', cognitoJsonApi())
  idp.route('/', userImportUploadRoutes())
  // Cognito Sync's REST paths, at `/identitypools/…` and under `/sync`.
  idp.route('/', syncApi())
  // Before the user pools' `/:poolId/.well-known/*`, which would take `identity` for a pool id.
  idp.route('/', identityPoolDiscoveryRoutes())
  idp.route('/', discoveryRoutes())
  idp.route('/', authorizeRoutes())
  idp.route('/', idpResponseRoutes())
  idp.route('/', tokenRoutes())
  idp.route('/', userInfoRoutes())
  idp.route('/', revokeRoutes())
  idp.route('/', logoutRoutes())
  idp.route('/', loginRoutes())
  idp.route('/', mfaRoutes())
  idp.route('/', passkeyRoutes())
  idp.route('/', passkeyScriptRoutes())
  idp.route('/', accountRoutes())
  idp.route('/', logoRoutes())
  idp.route('/', riskRoutes())
  idp.route('/', devRoutes())
  idp.route('/', consoleRoutes())
  idp.route('/', landingRoutes())
  idp.all('*', () => Response.json({ error: 'not_found' }, { status: 404 }))
  return idp
}

/** The gateway: everything on app hosts, proxied per the route table or answered by the gateway. */
function gatewayRoutes(
  context: (c: { req: { url: string }; env: Env; get(key: 'runtime'): Runtime }) => GatewayContext,
  runtimeOf: RuntimeOf,
): Hono<AppEnv> {
  const gateway = withRuntime(new Hono<AppEnv>(), runtimeOf)
  gateway.get('/health', health)
  gateway.get('/_gateway/keys/:kid', (c) => handleGatewayKey(c.req.param('kid'), context(c)))
  gateway.all('/_gateway/auth', (c) => handleForwardAuth(c.req.raw, context(c)))
  gateway.all('*', (c) =>
    handleGatewayRequest(c.req.raw, context(c), c.env as unknown as WorkerBindings),
  )
  return gateway
}

/**
 * The Worker's HTTP surface. Each request goes to the identity provider or to the gateway by its
 * host (see `http/hosts.ts`), never to both, so IdP cookies and paths stay off proxied apps.
 */
export function createApp(options: { runtime: RuntimeOf }): Hono<AppEnv> {
  const runtimeOf = options.runtime
  const app = withRuntime(new Hono<AppEnv>(), runtimeOf)
  const idp = identityProvider(runtimeOf)
  const gatewayContext = (c: {
    req: { url: string }
    env: Env
    get(key: 'runtime'): Runtime
  }): GatewayContext => {
    const runtime = c.get('runtime')
    return {
      config: runtime.gateway,
      selfOrigin: authOrigin(runtime.hosts, runtime.publicOrigin, new URL(c.req.url)),
      // The gateway is a relying party of this Worker's own pools: it reaches them in-process, at
      // the auth origin, as a browser would reach them over the network.
      selfFetch: async (url: string, init?: RequestInit) => app.request(url, init, c.env),
      signer: runtime.gatewaySigner,
      sealer: runtime.services.sealer,
      sessions: runtime.gatewaySessions,
      now: runtime.services.now(),
      // Admin key pairs with full access, and identity pools' session credentials by their role.
      aws: credentialAuthorization(runtime.adminKeys, runtime.services.region, runtime.services),
      uploads: (bucketBinding) => runtime.services.stores.uploads(bucketBinding),
    }
  }
  const gateway = gatewayRoutes(gatewayContext, runtimeOf)
  app.onError((error) => {
    // The environment is checked before anything else runs; say what is wrong in the log only.
    if (error instanceof EnvironmentError) console.error(error.message)
    else
      console.error(
        `unhandled: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      )
    return Response.json(
      { error: 'server_error', message: 'The Worker is misconfigured or failed; see its log.' },
      { status: 500 },
    )
  })
  app.all('*', async (c) => {
    const runtime = c.get('runtime')
    const host = new URL(c.req.url).host
    const target = (await isAuthHost(runtime.hosts, runtime.services, host)) ? idp : gateway
    return target.fetch(c.req.raw, c.env, executionContextOf(c))
  })
  return app
}

/** The request's execution context when it has one (in-process requests from tests have none). */
function executionContextOf(c: { executionCtx: ExecutionContext }): ExecutionContext | undefined {
  try {
    return c.executionCtx
  } catch {
    return undefined
  }
}
