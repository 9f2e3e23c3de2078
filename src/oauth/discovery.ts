import { Hono } from 'hono'
import type { Runtime } from '../config'
import { findPool } from '../userpool/pool-repository'
import { poolJwks } from '../userpool/signing'

/**
 * Per-pool OpenID discovery and JWKS under the issuer `{origin}/{poolId}`, where Cognito serves
 * them. The full provider metadata (endpoints, scopes) grows with the OAuth surface.
 */
export function discoveryRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()

  routes.get('/:poolId/.well-known/jwks.json', async (c) => {
    const { services } = c.get('runtime')
    const pool = await findPool(services, c.req.param('poolId'))
    if (!pool) return c.json({ error: 'not_found', error_description: 'Unknown user pool' }, 404)
    return c.json(await poolJwks(services, pool.Id), 200, { 'cache-control': 'public, max-age=300' })
  })

  routes.get('/:poolId/.well-known/openid-configuration', async (c) => {
    const runtime = c.get('runtime')
    const pool = await findPool(runtime.services, c.req.param('poolId'))
    if (!pool) return c.json({ error: 'not_found', error_description: 'Unknown user pool' }, 404)
    const issuer = `${runtime.publicOrigin ?? new URL(c.req.url).origin}/${pool.Id}`
    return c.json(
      {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        scopes_supported: ['openid', 'email', 'phone', 'profile'],
        response_types_supported: ['code'],
      },
      200,
      { 'cache-control': 'public, max-age=300' },
    )
  })
  return routes
}
