import { createServer, request as httpRequest, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppClient, createPool, endpoint } from '../support/clients'
import { forwardAuthServer, nginxAvailable, startNginx, type RunningNginx } from '../support/nginx'
import { freePort, startWorker, type RunningWorker } from '../support/worker'

const SECRET = 'admins only'

/** An origin that serves a secret under /admin/, reading paths as forgivingly as many servers do. */
function forgivingPath(raw: string): string {
  let path = raw.split('?')[0]!
  for (let i = 0; i < 3; i++) path = decodeURIComponent(path)
  const segments: string[] = []
  for (const segment of path.replaceAll('\\', '/').split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  return `/${segments.join('/')}`
}

/** A request sent exactly as written: target and headers untouched by the client. */
function rawGet(port: number, target: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, path: target, headers: { host: `localhost:${port}`, ...headers } },
      (response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString()
        })
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      },
    )
    outgoing.on('error', reject)
    outgoing.end()
  })
}

/**
 * nginx `auth_request` asks the gateway about a request nginx then serves itself. The gateway must
 * judge exactly that request: the host and URI nginx saw (from the configured proxy only, never
 * from a client), the URI as an origin-form path (never resolved as a URL), and no path that the
 * origin could read differently (`..%2f`). Debian's nginx with the README's configuration.
 */
describe.skipIf(!nginxAvailable)(
  'security review 03: forward auth judges the request the proxy serves',
  () => {
    let origin: Server
    let gateway: RunningWorker
    let nginx: RunningNginx

    beforeAll(async () => {
      const originPort = await freePort()
      origin = createServer((request, response) => {
        const path = forgivingPath(request.url ?? '/')
        response.writeHead(200).end(path.startsWith('/admin/') ? SECRET : `public ${path}`)
      })
      await new Promise<void>((resolve) => origin.listen(originPort, '127.0.0.1', resolve))
      const poolId = await createPool()
      const { clientId } = await createAppClient(poolId)
      gateway = await startWorker({
        vars: {
          GATEWAY_CONFIG: JSON.stringify({
            forwardAuth: { proxy: 'nginx', trustedAddresses: ['127.0.0.1'] },
            providers: { pool: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId] } },
            routes: [
              { path: '/public/*', origin: 'https://origin.invalid', unauthenticated: 'allow' },
              {
                path: '/admin/*',
                origin: 'https://origin.invalid',
                provider: 'pool',
                unauthenticated: 'deny',
              },
              // A host where everything is open: a forged X-Forwarded-Host would pick it.
              {
                host: 'files.example',
                path: '/*',
                origin: 'https://origin.invalid',
                unauthenticated: 'allow',
              },
            ],
          }),
        },
      })
      nginx = await startNginx(() =>
        forwardAuthServer({
          gateway: gateway.appEndpoint,
          origin: `http://127.0.0.1:${originPort}`,
        }),
      )
    })

    afterAll(async () => {
      await nginx?.stop()
      await gateway?.stop()
      await new Promise((resolve) => origin?.close(resolve))
    })

    it('serves open paths and refuses the protected one without a token', async () => {
      expect(await rawGet(nginx.port, '/public/page')).toEqual({
        status: 200,
        body: 'public /public/page',
      })
      const refused = await rawGet(nginx.port, '/admin/secret')
      expect(refused.body).not.toContain(SECRET)
    })

    it('ignores forwarded headers the client sends through the proxy', async () => {
      const forged: Array<Record<string, string>> = [
        { 'x-forwarded-host': 'files.example' },
        { 'x-original-uri': '/public/page' },
        { 'x-forwarded-uri': '/public/page', 'x-forwarded-host': 'files.example' },
      ]
      for (const headers of forged) {
        const response = await rawGet(nginx.port, '/admin/secret', headers)
        expect(response.body, JSON.stringify(headers)).not.toContain(SECRET)
      }
    })

    it('judges the URI as a path, never as a URL, and refuses paths the origin reads otherwise', async () => {
      for (const target of [
        '//admin/public/x',
        '/public/..%2fadmin/secret',
        '/public/%2e%2e/admin/secret',
        '/public/..%5cadmin%5csecret',
        '/public/..;/admin/secret',
      ]) {
        const response = await rawGet(nginx.port, target)
        expect(response.body, target).not.toContain(SECRET)
      }
    })

    it('fails closed when the proxy passes the client’s own headers to the auth request', async () => {
      // The README's earlier block: the auth location forwards whatever the client sent.
      const leaky = await startNginx(() =>
        forwardAuthServer({ gateway: gateway.appEndpoint, origin: 'http://127.0.0.1:9' }).replace(
          'proxy_pass_request_headers off;',
          '',
        ),
      )
      try {
        const response = await rawGet(leaky.port, '/admin/secret', {
          'x-forwarded-host': 'files.example',
          'user-agent': 'Mozilla/5.0',
        })
        expect(response.body).not.toContain(SECRET)
        expect(response.status).toBe(403)
      } finally {
        await leaky.stop()
      }
    })

    it('answers forward auth only for the configured proxy', async () => {
      const direct = await fetch(`${gateway.appEndpoint}/_gateway/auth`, {
        headers: {
          // As Cloudflare's edge would set it for a client that is not the proxy.
          'cf-connecting-ip': '203.0.113.7',
          'x-original-uri': '/public/page',
          'x-forwarded-host': 'files.example',
        },
      })
      expect(direct.status).toBe(403)
      const unconfigured = await startWorker({
        vars: {
          GATEWAY_CONFIG: JSON.stringify({
            routes: [{ path: '/*', origin: 'https://origin.invalid', unauthenticated: 'allow' }],
          }),
        },
      })
      try {
        const off = await fetch(`${unconfigured.appEndpoint}/_gateway/auth`, {
          headers: { 'x-original-uri': '/x' },
        })
        expect(off.status).toBe(404)
      } finally {
        await unconfigured.stop()
      }
    })
  },
)
