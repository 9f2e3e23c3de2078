import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Runtime } from '../../config'
import { browserErrors } from '../../http/error-handlers'
import { PoolName } from '../../api/targets/pools/pool-shapes'
import { integer, enumeration, structure } from '../../api/validation/shape'
import { listConsoleActions } from '../../userpool/console/audit-log'
import { listPools } from '../../userpool/pools/pool-admin'
import { createPool } from '../../userpool/pools/pools'
import { issueCsrf, requireCsrf } from '../csrf'
import { readForm } from '../../http/request-params'
import { AuditView, PoolsView } from './console-pages'
import { NOTICES } from './console-notices'
import { poolRoutes } from './console-pool-routes'
import { currentOperator, finishSignIn, signOut, startSignIn } from './console-session'
import {
  act,
  checked,
  consoleForm,
  consolePage,
  present,
  readShape,
  seeOther,
  type ConsoleEnv,
} from './console-support'

const CreatePoolForm = structure(
  {
    PoolName,
    MinimumLength: integer({ min: 6, max: 99 }),
    MfaConfiguration: enumeration(['OFF', 'OPTIONAL']),
  },
  ['PoolName'],
)

/**
 * The operators' console at `/console` on the auth host: sign-in through the console pool's hosted
 * UI, then server-rendered pages that call the same domain functions as the JSON API, each action
 * recorded in the audit log.
 */
export function consoleRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<ConsoleEnv>()
  routes.onError(browserErrors)
  routes.get('/console/login', (c) => startSignIn(c))
  routes.get('/console/callback', (c) => finishSignIn(c))
  routes.post('/console/logout', async (c) => {
    const { _csrf } = await readForm(c.req.raw)
    requireCsrf(c, _csrf)
    return signOut(c)
  })
  // Every other console page needs a live operator session; without one, sign in first.
  routes.use('/console/*', sessionRequired)
  routes.use('/console', sessionRequired)

  routes.get('/console', async (c) => {
    const { pools } = await listPools(c.get('runtime').services, 60, undefined)
    const done = NOTICES[c.req.query('done') ?? '']
    return consolePage(c, 'User pools', <PoolsView pools={pools} csrf={issueCsrf(c)} />, {
      ...(done ? { notice: done } : {}),
    })
  })
  routes.post('/console/pools', async (c) => {
    const form = await consoleForm(c)
    const services = c.get('runtime').services
    return act(
      c,
      { action: 'CreateUserPool', target: form.PoolName ?? '' },
      async () => {
        const input = readShape(CreatePoolForm, {
          ...present({ PoolName: form.PoolName, MfaConfiguration: form.MfaConfiguration }),
          ...(form.MinimumLength ? { MinimumLength: Number(form.MinimumLength) } : {}),
        })
        const pool = await createPool(services, {
          PoolName: input.PoolName,
          ...(input.MinimumLength
            ? { Policies: { PasswordPolicy: { MinimumLength: input.MinimumLength } } }
            : {}),
          ...(input.MfaConfiguration ? { MfaConfiguration: input.MfaConfiguration } : {}),
          ...(checked(form.EmailUsername)
            ? { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] }
            : {}),
        })
        return seeOther(`/console/pools/${encodeURIComponent(pool.Id)}?done=pool-created`)
      },
      async (message) => {
        const { pools } = await listPools(services, 60, undefined)
        return consolePage(c, 'User pools', <PoolsView pools={pools} csrf={issueCsrf(c)} />, {
          status: 400,
          error: message,
        })
      },
    )
  })
  routes.get('/console/audit', async (c) => {
    const entries = await listConsoleActions(c.get('runtime').services, 200)
    return consolePage(c, 'Audit log', <AuditView entries={entries} />)
  })
  routes.route('/', poolRoutes())
  return routes as unknown as Hono<{ Variables: { runtime: Runtime } }>
}

/** Lets a request on with its operator, or sends the browser to sign in (303). */
const sessionRequired = createMiddleware<ConsoleEnv>(async (c, next) => {
  const found = await currentOperator(c)
  if (!found) return seeOther('/console/login')
  c.set('operator', found.operator)
  c.set('designated', found.designated)
  await next()
  return undefined
})
