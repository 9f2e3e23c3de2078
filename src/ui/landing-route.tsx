import { Hono } from 'hono'
import type { Runtime } from '../config'
import { listClients } from '../userpool/clients/clients'
import { taggedPools } from '../userpool/console/console-pool'
import type { UserPoolConfig } from '../userpool/model'
import { Layout, pageHeaders } from './layout'

/**
 * Pool tags that publish a demo on the landing page (a deliberate opt-in: the page is public).
 * `portcullis:demo-origin` is the protected demo's URL, `portcullis:demo-client` the name of its
 * app client, `portcullis:demo-user` the demo user's name.
 */
const DEMO_ORIGIN_TAG = 'portcullis:demo-origin'

const tagsOf = (pool: UserPoolConfig): Record<string, string> =>
  (pool.Extra.UserPoolTags as Record<string, string> | undefined) ?? {}
const isWebUrl = (value: string | undefined): value is string =>
  value !== undefined && /^https?:\/\/[^\s"'<>]+$/.test(value)

interface Demo {
  pool: UserPoolConfig
  clientId: string | undefined
  user: string | undefined
  origin: string | undefined
}

async function demos(runtime: Runtime): Promise<Demo[]> {
  const pools = await taggedPools(runtime.services, (p) => tagsOf(p)[DEMO_ORIGIN_TAG] !== undefined)
  return Promise.all(
    pools.map(async (pool) => {
      const tags = tagsOf(pool)
      const { clients } = await listClients(runtime.services, pool.Id, 60, undefined)
      const origin = tags[DEMO_ORIGIN_TAG]
      return {
        pool,
        clientId: clients.find((c) => c.ClientName === tags['portcullis:demo-client'])?.ClientId,
        user: tags['portcullis:demo-user'],
        origin: isWebUrl(origin) ? origin : undefined,
      }
    }),
  )
}

function DemoSection(props: { demo: Demo }) {
  const { pool, clientId, user, origin } = props.demo
  return (
    <section aria-labelledby={`demo-${pool.Id}`}>
      <h2 id={`demo-${pool.Id}`}>Demo: {pool.Name}</h2>
      <dl>
        <dt>User pool id</dt>
        <dd>
          <code>{pool.Id}</code>
        </dd>
        {clientId ? (
          <>
            <dt>App client id</dt>
            <dd>
              <code>{clientId}</code>
            </dd>
          </>
        ) : null}
        {user ? (
          <>
            <dt>Demo user</dt>
            <dd>
              <code>{user}</code> (its password is printed by <code>npm start</code>)
            </dd>
          </>
        ) : null}
      </dl>
      <ul>
        {origin ? (
          <li>
            <a href={origin}>Open the protected demo origin</a>
          </li>
        ) : null}
        <li>
          <a href={`/${pool.Id}/.well-known/openid-configuration`}>Discovery document</a>
        </li>
      </ul>
    </section>
  )
}

/** GET / on the auth host: what is running here and where to go next. */
export function landingRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.get('/', async (c) => {
    const found = await demos(c.get('runtime'))
    const html = (
      <Layout title="Portcullis">
        <h1>Portcullis is running</h1>
        <p>
          A Cognito-compatible identity provider and auth gateway: the user pools API at{' '}
          <code>POST /</code>, OAuth 2.0 and OpenID Connect under <code>/oauth2/</code>, the hosted
          sign-in pages, and the gateway on app hosts.
        </p>
        <nav aria-label="Portcullis">
          <ul>
            <li>
              <a href="/console">Console</a> (operators sign in with the console pool)
            </li>
            <li>
              Documentation: <code>README.md</code> and <code>docs/</code> in the Portcullis
              repository
            </li>
          </ul>
        </nav>
        {found.map((demo) => (
          <DemoSection demo={demo} />
        ))}
      </Layout>
    )
    return c.html(`<!doctype html>${html}`, 200, pageHeaders(undefined))
  })
  return routes
}
