import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { Runtime } from '../../config'
import { PortcullisError } from '../../errors/base'
import { readForm } from '../../http/request-params'
import { parseInput, type Shape } from '../../api/validation/shape'
import { recordConsoleAction, type Operator } from '../../userpool/console/audit-log'
import type { ConsolePool } from '../../userpool/console/console-pool'
import { issueCsrf, requireCsrf } from '../csrf'
import { pageHeaders } from '../layout'
import { ConsoleLayout } from './console-layout'

/** What every console route sees: the runtime, and the operator the session proved. */
export type ConsoleEnv = {
  Variables: { runtime: Runtime; operator: Operator; designated: ConsolePool }
}
export type ConsoleContext = Context<ConsoleEnv>

/** Renders a console page with the hosted UI's security headers (no caching, framing or outside resources). */
export function consolePage(
  c: ConsoleContext,
  title: string,
  body: Child,
  options: { status?: 200 | 400; error?: string; notice?: string } = {},
): Response {
  const html = (
    <ConsoleLayout
      title={title}
      operator={c.get('operator')}
      csrf={issueCsrf(c)}
      error={options.error}
      notice={options.notice}
    >
      {body}
    </ConsoleLayout>
  )
  return c.html(`<!doctype html>${html}`, options.status ?? 200, pageHeaders(undefined))
}

/** A console form post: CSRF checked (the hosted UI's double submit and Origin check), fields read. */
export async function consoleForm(c: ConsoleContext): Promise<Record<string, string | undefined>> {
  const { _csrf, ...fields } = await readForm(c.req.raw)
  requireCsrf(c, _csrf)
  return fields
}

/** A checkbox's value as a boolean. */
export const checked = (value: string | undefined): boolean => value === 'on'

/** Blank form fields are absent, as the JSON API's optional members are. */
export function present(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => (entry[1] ?? '') !== ''),
  )
}

/** Reads a form's input against the JSON API's own shape (the one statement of each rule). */
export const readShape = <T,>(shape: Shape<T>, input: unknown): T => parseInput(shape, input)

/**
 * Runs one console action and records it in the audit log with the operator, whether it worked
 * or was refused. A refusal with a public message is shown on `onRefusal`'s page (400); anything
 * else goes on to the error page.
 */
export async function act(
  c: ConsoleContext,
  what: { action: string; target: string },
  run: () => Promise<Response>,
  onRefusal: (message: string) => Response | Promise<Response>,
): Promise<Response> {
  const services = c.get('runtime').services
  const operator = c.get('operator')
  try {
    const response = await run()
    await recordConsoleAction(services, { operator, ...what, outcome: 'ok' })
    return response
  } catch (error) {
    if (!(error instanceof PortcullisError) || error.status >= 500) throw error
    await recordConsoleAction(services, { operator, ...what, outcome: error.publicMessage })
    return onRefusal(error.publicMessage)
  }
}

/** A 303 after a successful post (post/redirect/get), to a console page with a fixed notice. */
export function seeOther(location: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  })
}
