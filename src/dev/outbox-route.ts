import { Hono } from 'hono'
import type { Runtime } from '../config'

/**
 * GET /_dev/outbox/{poolId}: the messages sent for a pool, newest last. Exists only while the
 * development outbox is enabled (DEV_OUTBOX=true); otherwise the route answers 404.
 */
export function devRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.get('/_dev/outbox/:poolId', async (c) => {
    const outbox = c.get('runtime').outbox
    if (!outbox) return c.json({ error: 'not_found' }, 404)
    return c.json({ messages: await outbox.read(c.req.param('poolId')) }, 200, {
      'cache-control': 'no-store',
    })
  })
  return routes
}
