import { Hono } from 'hono'
import type { Runtime } from '../config'
import { TAGS_CLAIM } from '../identitypool/openid/identity-token'
import { IDENTITY_TOKEN_ALG, identityIssuer, identityJwks } from '../identitypool/openid/token-key'
import { issuerOrigin } from './browser-endpoint'

const CACHED = { 'cache-control': 'public, max-age=300' }

/**
 * OpenID discovery and JWKS of the identity pools' issuer `{origin}/identity` (AWS's is
 * `https://cognito-identity.amazonaws.com`): what a relying party of GetOpenIdToken's tokens
 * (STS's AssumeRoleWithWebIdentity, anyone's own backend) verifies them with. The issuer signs
 * tokens and has no authorization endpoint of its own: tokens come from the identity-pools API.
 */
export function identityPoolDiscoveryRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()

  routes.get('/identity/.well-known/jwks.json', async (c) =>
    c.json(await identityJwks(c.get('runtime').services.sealer), 200, CACHED),
  )

  routes.get('/identity/.well-known/openid-configuration', (c) => {
    const issuer = identityIssuer(issuerOrigin(c.get('runtime'), c.req.raw))
    return c.json(
      {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: [IDENTITY_TOKEN_ALG],
        claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'amr', TAGS_CLAIM],
      },
      200,
      CACHED,
    )
  })
  return routes
}
