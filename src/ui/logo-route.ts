import { Hono } from 'hono'
import type { Runtime } from '../config'
import { fromBase64 } from '../crypto/encoding'
import { findPool } from '../userpool/store/pool-repository'
import { getUICustomization } from '../userpool/branding/ui-customization'

/** GET /_ui/logo/{poolId}/{clientId|ALL}: the uploaded logo (PNG or JPEG only). */
export function logoRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.get('/_ui/logo/:poolId/:clientId', async (c) => {
    const { services } = c.get('runtime')
    const pool = await findPool(services, c.req.param('poolId'))
    const customization = pool
      ? await getUICustomization(services, pool, c.req.param('clientId'))
      : null
    if (!customization?.logo) return c.body(null, 404)
    return c.body(fromBase64(customization.logo.base64), 200, {
      'content-type': customization.logo.contentType,
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    })
  })
  return routes
}
