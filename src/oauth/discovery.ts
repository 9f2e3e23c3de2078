import { Hono } from 'hono'
import type { Runtime } from '../config'
import { findPool } from '../userpool/store/pool-repository'
import { customScopes } from '../userpool/resource-servers/resource-servers'
import { poolJwks } from '../userpool/pools/signing'
import { SCOPED_CLAIMS } from '../userpool/oauth/userinfo'
import { issuerOrigin } from './browser-endpoint'

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
    return c.json(await poolJwks(services, pool.Id), 200, {
      'cache-control': 'public, max-age=300',
    })
  })

  routes.get('/:poolId/.well-known/openid-configuration', async (c) => {
    const runtime = c.get('runtime')
    const pool = await findPool(runtime.services, c.req.param('poolId'))
    if (!pool) return c.json({ error: 'not_found', error_description: 'Unknown user pool' }, 404)
    const origin = issuerOrigin(runtime, c.req.raw)
    const issuer = `${origin}/${pool.Id}`
    const custom = [...(await customScopes(runtime.services, pool))]
    return c.json(
      {
        issuer,
        authorization_endpoint: `${origin}/oauth2/authorize`,
        token_endpoint: `${origin}/oauth2/token`,
        userinfo_endpoint: `${origin}/oauth2/userInfo`,
        revocation_endpoint: `${origin}/oauth2/revoke`,
        end_session_endpoint: `${origin}/logout`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        response_types_supported: ['code'],
        response_modes_supported: ['query', 'form_post'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
          'none',
        ],
        revocation_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
          'none',
        ],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
        prompt_values_supported: ['none', 'login'],
        scopes_supported: [
          'openid',
          'email',
          'phone',
          'profile',
          'aws.cognito.signin.user.admin',
          ...custom,
        ],
        claims_supported: [
          'sub',
          'iss',
          'aud',
          'exp',
          'iat',
          'auth_time',
          'nonce',
          'at_hash',
          'cognito:username',
          'cognito:groups',
          ...SCOPED_CLAIMS,
          // Released only to aws.cognito.signin.user.admin, as every readable attribute is.
          'address',
        ],
        claims_parameter_supported: false,
        request_parameter_supported: false,
        request_uri_parameter_supported: false,
      },
      200,
      { 'cache-control': 'public, max-age=300' },
    )
  })
  return routes
}
