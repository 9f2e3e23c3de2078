import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { adminClient, createAppClient, createPool, endpoint, publicClient } from './support/clients'
import { startWorker, type RunningWorker } from './support/worker'

const FIXTURE = join(process.cwd(), 'test', 'e2e', 'fixtures', 'origins')
const BUCKET = 'portcullis-test-media'
const PASSWORD = 'Origins-Pass-42'
const HELLO = 'hello from r2\n'
const BIG = randomBytes(256 * 1024)

/** Objects put into the local bucket with wrangler's own CLI before the Worker starts, as a user would. */
const OBJECTS: Array<{ key: string; body: string | Buffer; contentType: string }> = [
  { key: 'media/hello.txt', body: HELLO, contentType: 'text/plain; charset=utf-8' },
  { key: 'media/big.bin', body: BIG, contentType: 'application/octet-stream' },
  { key: 'media/docs/index.html', body: '<h1>Docs</h1>', contentType: 'text/html; charset=utf-8' },
  {
    key: 'public/www/page.html',
    body: '<h1>Prefixed page</h1>',
    contentType: 'text/html; charset=utf-8',
  },
  { key: 'secret.txt', body: 'not for the web', contentType: 'text/plain' },
]

async function seedBucket(stateDir: string): Promise<void> {
  const files = mkdtempSync(join(tmpdir(), 'portcullis-r2-seed-'))
  try {
    for (const [index, object] of OBJECTS.entries()) {
      const file = join(files, String(index))
      writeFileSync(file, object.body)
      await promisify(execFile)(
        'npx',
        [
          'wrangler',
          'r2',
          'object',
          'put',
          `${BUCKET}/${object.key}`,
          '--file',
          file,
          '--content-type',
          object.contentType,
          '--local',
          '--persist-to',
          stateDir,
          '-c',
          join(FIXTURE, 'wrangler.toml'),
        ],
        {
          env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
        },
      )
    }
  } finally {
    rmSync(files, { recursive: true, force: true })
  }
}

interface Echo {
  method: string
  url: string
  headers: Record<string, string>
  body: string
}

/**
 * Origins that are not URLs: the Worker's static assets, an R2 bucket and a second Worker behind a
 * service binding, all declared in a real wrangler.toml and run by `wrangler dev` (two Workers in one
 * process), with the suite's Worker as the identity provider.
 */
describe('edge gateway: static assets, R2 and service binding origins', () => {
  let gateway: RunningWorker
  let clientId: string
  let accessToken: string

  beforeAll(async () => {
    const poolId = await createPool()
    clientId = (await createAppClient(poolId)).clientId
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'alice',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'alice',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    accessToken = (
      await publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'alice', PASSWORD },
        }),
      )
    ).AuthenticationResult!.AccessToken!
    const config = {
      providers: { pool: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId] } },
      routes: [
        { path: '/', origin: 'assets:', unauthenticated: 'allow' },
        { path: '/styles/*', origin: 'assets:', unauthenticated: 'allow' },
        { path: '/private/*', origin: 'assets:ASSETS', provider: 'pool', unauthenticated: 'deny' },
        {
          path: '/backend/*',
          origin: 'binding:BACKEND',
          provider: 'pool',
          unauthenticated: 'deny',
          headers: { username: 'x-user' },
        },
        { path: '/media/*', origin: 'r2:MEDIA', provider: 'pool', unauthenticated: 'deny' },
        { path: '/www/*', origin: 'r2:MEDIA/public', unauthenticated: 'allow' },
      ],
    }
    gateway = await startWorker({
      vars: { GATEWAY_CONFIG: JSON.stringify(config) },
      configs: [join(FIXTURE, 'wrangler.toml'), join(FIXTURE, 'backend', 'wrangler.toml')],
      seed: seedBucket,
    })
  }, 120_000)

  afterAll(async () => {
    await gateway?.stop()
  })

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${gateway.appEndpoint}${path}`, init)
  const bearer = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${accessToken}`,
    ...extra,
  })

  describe('static assets', () => {
    it('serves public assets through the gateway', async () => {
      const home = await call('/')
      expect(home.status).toBe(200)
      expect(home.headers.get('content-type')).toContain('text/html')
      expect(await home.text()).toContain('Public site')
      const css = await call('/styles/app.css')
      expect(css.headers.get('content-type')).toContain('text/css')
    })

    it('never serves a protected asset around the gateway, and serves it with a valid token', async () => {
      const anonymous = await call('/private/report')
      expect(anonymous.status).toBe(401)
      expect(await anonymous.text()).not.toContain('Quarterly report')
      const member = await call('/private/report', { headers: bearer() })
      expect(member.status).toBe(200)
      expect(await member.text()).toContain('Quarterly report')
      // Paths without a route are the gateway's 404, even when the assets directory has a file there.
      expect((await call('/index.html')).status).toBe(404)
    })
  })

  describe('service binding', () => {
    it('hands the request to the bound Worker with the identity, body and original URL', async () => {
      const response = await call('/backend/things?x=1', {
        method: 'POST',
        headers: bearer({
          'content-type': 'text/plain',
          'x-user': 'mallory',
          'x-amzn-oidc-identity': 'forged',
        }),
        body: 'payload',
      })
      expect(response.status).toBe(200)
      const echo = (await response.json()) as Echo
      expect(echo).toMatchObject({
        method: 'POST',
        url: `${gateway.appEndpoint}/backend/things?x=1`,
        body: 'payload',
      })
      expect(echo.headers['x-user']).toBe('alice')
      const sub = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).sub
      expect(echo.headers['x-amzn-oidc-identity']).toBe(sub)
      expect(echo.headers['x-amzn-oidc-data']?.split('.')).toHaveLength(3)
      expect(echo.headers.authorization).toBe(`Bearer ${accessToken}`)
    })

    it('passes the bound Worker’s errors through and refuses unauthenticated calls', async () => {
      const teapot = await call('/backend/teapot', { headers: bearer() })
      expect(teapot.status).toBe(418)
      expect(teapot.headers.get('x-backend')).toBe('yes')
      expect(await teapot.text()).toBe('short and stout')
      expect((await call('/backend/things')).status).toBe(401)
    })

    it('passes WebSocket upgrades through the binding with the identity', async () => {
      const socket = new WebSocket(`${gateway.appEndpoint.replace('http', 'ws')}/backend/socket`, {
        headers: bearer({ 'x-user': 'mallory' }),
      })
      const reply = await new Promise<string>((resolve, reject) => {
        socket.once('open', () => socket.send('hello'))
        socket.once('message', (data) => resolve(data.toString()))
        socket.once('error', reject)
      })
      socket.close()
      expect(reply).toBe('alice: hello')
    })
  })

  describe('R2 bucket', () => {
    it('serves an object with its metadata to a signed-in caller, and 401 without a token', async () => {
      expect((await call('/media/hello.txt')).status).toBe(401)
      const response = await call('/media/hello.txt', { headers: bearer() })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]+"$/)
      expect(response.headers.get('accept-ranges')).toBe('bytes')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(Date.parse(response.headers.get('last-modified') ?? '')).not.toBeNaN()
      expect(await response.text()).toBe(HELLO)
      const big = await call('/media/big.bin', { headers: bearer() })
      expect(Buffer.from(await big.arrayBuffer()).equals(BIG)).toBe(true)
    })

    it('answers byte ranges with 206 and an unsatisfiable one with 416', async () => {
      const middle = await call('/media/big.bin', { headers: bearer({ range: 'bytes=1000-1999' }) })
      expect(middle.status).toBe(206)
      expect(middle.headers.get('content-range')).toBe(`bytes 1000-1999/${BIG.length}`)
      expect(Buffer.from(await middle.arrayBuffer()).equals(BIG.subarray(1000, 2000))).toBe(true)
      const suffix = await call('/media/hello.txt', { headers: bearer({ range: 'bytes=-5' }) })
      expect(suffix.status).toBe(206)
      expect(await suffix.text()).toBe(HELLO.slice(-5))
      const open = await call('/media/hello.txt', { headers: bearer({ range: 'bytes=6-' }) })
      expect(open.headers.get('content-range')).toBe(`bytes 6-${HELLO.length - 1}/${HELLO.length}`)
      expect(await open.text()).toBe(HELLO.slice(6))
      const beyond = await call('/media/hello.txt', { headers: bearer({ range: 'bytes=500-600' }) })
      expect(beyond.status).toBe(416)
      expect(beyond.headers.get('content-range')).toBe(`bytes */${HELLO.length}`)
      // Several ranges, or a range with If-Range, get the whole object (always a correct answer).
      const several = await call('/media/hello.txt', {
        headers: bearer({ range: 'bytes=0-1,4-5' }),
      })
      expect(several.status).toBe(200)
      expect(await several.text()).toBe(HELLO)
    })

    it('answers conditional requests: 304 for a matching If-None-Match, 412 for a failed If-Match', async () => {
      const etag = (await call('/media/hello.txt', { headers: bearer() })).headers.get('etag')!
      const unchanged = await call('/media/hello.txt', {
        headers: bearer({ 'if-none-match': etag }),
      })
      expect(unchanged.status).toBe(304)
      expect(unchanged.headers.get('etag')).toBe(etag)
      expect(await unchanged.text()).toBe('')
      expect(
        (await call('/media/hello.txt', { headers: bearer({ 'if-none-match': '"other"' }) }))
          .status,
      ).toBe(200)
      expect(
        (await call('/media/hello.txt', { headers: bearer({ 'if-match': '"other"' }) })).status,
      ).toBe(412)
      expect(
        (await call('/media/hello.txt', { headers: bearer({ 'if-match': etag }) })).status,
      ).toBe(200)
    })

    it('answers HEAD with the headers only, refuses writes with 405, and missing objects with 404', async () => {
      const head = await call('/media/big.bin', { method: 'HEAD', headers: bearer() })
      expect(head.status).toBe(200)
      expect(head.headers.get('content-length')).toBe(String(BIG.length))
      expect(await head.text()).toBe('')
      const put = await call('/media/hello.txt', {
        method: 'PUT',
        headers: bearer(),
        body: 'overwrite',
      })
      expect(put.status).toBe(405)
      expect(put.headers.get('allow')).toBe('GET, HEAD')
      expect(await (await call('/media/hello.txt', { headers: bearer() })).text()).toBe(HELLO)
      expect((await call('/media/nothing-here.txt', { headers: bearer() })).status).toBe(404)
    })

    it('serves index.html for folders and keys under the route’s prefix only', async () => {
      expect(await (await call('/media/docs/', { headers: bearer() })).text()).toBe('<h1>Docs</h1>')
      const page = await call('/www/page.html')
      expect(page.status).toBe(200)
      expect(await page.text()).toBe('<h1>Prefixed page</h1>')
      // Encoded dot segments cannot climb out of the prefix to other keys of the bucket: the
      // gateway refuses them (400) before any origin sees them, or they name no route (404).
      for (const path of [
        '/www/%2e%2e/%2e%2e/secret.txt',
        '/www/..%2f..%2fsecret.txt',
        '/www/%2e%2e%2f%2e%2e%2fsecret.txt',
      ]) {
        const response = await call(path)
        expect([400, 404]).toContain(response.status)
        expect(await response.text()).not.toContain('not for the web')
      }
    })
  })

  it('refuses to route when the table names a binding the Worker does not have, and says which', async () => {
    const missing = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          routes: [{ path: '/*', origin: 'r2:NOT_BOUND', unauthenticated: 'allow' }],
        }),
      },
    })
    try {
      const response = await fetch(`${missing.appEndpoint}/anything`)
      expect(response.status).toBe(500)
      expect(await response.json()).toMatchObject({ error: 'gateway_misconfigured' })
      // The Worker's log reaches wrangler's output a little after the response.
      const expected =
        'routes[0].origin r2:NOT_BOUND: this Worker has no R2 bucket binding "NOT_BOUND"'
      for (let waited = 0; waited < 5000 && !missing.log().includes(expected); waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100))
      expect(missing.log()).toContain(expected)
    } finally {
      await missing.stop()
    }
  })
})
