// Baseline for `npm run bench`: the plainest Hono pass-through proxy, on the same runtime as the
// gateway (workerd via wrangler dev). ORIGIN is set with --var.
import { Hono } from 'hono'

const app = new Hono<{ Bindings: { ORIGIN: string } }>()
app.all('*', (c) => {
  const url = new URL(c.req.url)
  return fetch(c.env.ORIGIN + url.pathname + url.search, {
    method: c.req.method,
    headers: c.req.raw.headers,
    body: c.req.raw.body,
  })
})

export default app
