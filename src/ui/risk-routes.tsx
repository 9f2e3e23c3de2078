import { Hono } from 'hono'
import type { Runtime } from '../config'
import { browserErrors } from '../http/error-handlers'
import { userEventFeedback } from '../userpool/risk/feedback'
import { requirePool } from '../userpool/store/pool-repository'
import { ADVANCED_SECURITY_COLLECTOR } from './advanced-security-collector'

type Routes = Hono<{ Variables: { runtime: Runtime } }>

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

/** A small page: the one-click links' confirmation and its answer. */
function FeedbackPage(props: { title: string; children?: unknown }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
      </head>
      <body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto">
        <h1>{props.title}</h1>
        {props.children}
      </body>
    </html>
  )
}

/**
 * Threat protection's browser routes: the collector script, and the page a notification's
 * one-click links open (GET asks, POST answers, so a mail scanner following links changes nothing).
 */
export function riskRoutes(): Routes {
  const routes: Routes = new Hono()
  routes.onError(browserErrors)
  routes.get('/_ui/advanced-security-data.js', (c) =>
    c.body(ADVANCED_SECURITY_COLLECTOR, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': '*',
    }),
  )
  routes.get('/:poolId/auth-event-feedback', (c) => {
    const query = c.req.query()
    const valid = query.feedback_value === 'valid'
    return c.html(
      <FeedbackPage title={valid ? 'Was this you?' : 'Was this not you?'}>
        <form method="post">
          <input type="hidden" name="username" value={query.username ?? ''} />
          <input type="hidden" name="event_id" value={query.event_id ?? ''} />
          <input type="hidden" name="feedback_token" value={query.feedback_token ?? ''} />
          <input type="hidden" name="feedback_value" value={valid ? 'Valid' : 'Invalid'} />
          <button type="submit">{valid ? 'Yes, this was me' : 'No, this was not me'}</button>
        </form>
      </FeedbackPage>,
      200,
      SECURITY_HEADERS,
    )
  })
  routes.post('/:poolId/auth-event-feedback', async (c) => {
    const { services } = c.get('runtime')
    const form = await c.req.parseBody()
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '')
    const pool = await requirePool(services, c.req.param('poolId'))
    await userEventFeedback(
      services,
      pool,
      text('username'),
      text('event_id'),
      text('feedback_token'),
      text('feedback_value') === 'Valid' ? 'Valid' : 'Invalid',
    )
    return c.html(
      <FeedbackPage title="Thank you">
        <p>Your answer was recorded.</p>
      </FeedbackPage>,
      200,
      SECURITY_HEADERS,
    )
  })
  return routes
}
