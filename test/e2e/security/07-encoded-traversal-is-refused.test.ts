import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createServer, request as httpRequest, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  publicClient,
} from '../support/clients'
import { freePort, startWorker, type RunningWorker } from '../support/worker'

const PASSWORD = 'Traversal-Pass-42'
const SECRET = 'the admin secret'

/**
 * The most forgiving origin there is: it decodes the path until nothing changes, reads `\` as
 * `/`, drops `;parameters`, merges `//` and resolves dot segments, as some file servers, Tomcat
 * and frameworks each do in part. Whatever the gateway judged, this origin serves what it reads.
 */
function forgivingPath(raw: string): string {
  let path = raw.split('?')[0]!
  for (let i = 0; i < 5; i++) {
    const decoded = decodeURIComponent(path)
    if (decoded === path) break
    path = decoded
  }
  const segments: string[] = []
  for (const segment of path.replaceAll('\\', '/').split('/')) {
    const bare = segment.split(';')[0]!
    if (bare === '' || bare === '.') continue
    if (bare === '..') segments.pop()
    else segments.push(bare)
  }
  return `/${segments.join('/')}`
}

/** Sends a request target exactly as written, with no client-side normalisation. */
function rawGet(base: string, target: string, headers: Record<string, string> = {}) {
  const url = new URL(base)
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, path: target, headers: { host: url.host, ...headers } },
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
 * A path the route table judges must be the path the origin serves. Encoded slashes, backslashes
 * and dots, path parameters, empty segments and double encodings mean different things to
 * different readers, so the gateway refuses them (400) for every origin kind; percent-encoded
 * ordinary characters are decoded before the table judges them, and forwarded decoded.
 */
describe('security review 07: encoded traversal through allow routes is refused', () => {
  let origin: Server
  let gateway: RunningWorker
  let clientId: string

  beforeAll(async () => {
    const port = await freePort()
    origin = createServer((request, response) => {
      const path = forgivingPath(request.url ?? '/')
      if (path === '/files/admin/secret') return void response.writeHead(200).end(SECRET)
      response.writeHead(200).end(`public content at ${path}`)
    })
    await new Promise<void>((resolve) => origin.listen(port, '127.0.0.1', resolve))
    const poolId = await createPool()
    clientId = (await createAppClient(poolId)).clientId
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'admin',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'admin',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const originUrl = `http://127.0.0.1:${port}`
    gateway = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          providers: { pool: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId] } },
          routes: [
            { path: '/*', origin: originUrl, unauthenticated: 'allow' },
            { path: '/files/public/*', origin: originUrl, unauthenticated: 'allow' },
            {
              path: '/files/admin/*',
              origin: originUrl,
              provider: 'pool',
              unauthenticated: 'deny',
            },
          ],
        }),
      },
    })
  })

  afterAll(async () => {
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  const attacks = [
    '/files/public/..%2fadmin/secret',
    '/files/public/..%2Fadmin%2Fsecret',
    '/files/public/.%2e/admin/secret',
    '/files/public/%2e%2e/admin/secret',
    '/files/public/..%5cadmin%5csecret',
    '/files/public/..\\admin\\secret',
    '/files/public/..;/admin/secret',
    '/files/public;x/../admin/secret',
    '/files/%61dmin/secret',
    '/files/%61%64%6d%69%6e/secret',
    '//files/admin/secret',
    '/files//admin/secret',
    '/files/public/%252e%252e%252fadmin%252fsecret',
    '/files/public/%2e%2e%2fadmin%2fsecret',
    '/files/admin%2fsecret',
    '/files/public/..%00/admin/secret',
  ]

  it('never serves the protected file through an open route, however the path is spelled', async () => {
    for (const target of attacks) {
      const { status, body } = await rawGet(gateway.appEndpoint, target)
      expect(body, target).not.toContain(SECRET)
      // Refused as ambiguous, or judged as the protected path it is and refused without a token.
      expect([400, 401], `${target} answered ${status}`).toContain(status)
    }
  })

  it('serves the protected file to a signed-in caller, and ordinary paths as before', async () => {
    const { AccessToken } = (
      await publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'admin', PASSWORD },
        }),
      )
    ).AuthenticationResult!
    const bearer = { authorization: `Bearer ${AccessToken}` }
    expect((await rawGet(gateway.appEndpoint, '/files/admin/secret', bearer)).body).toBe(SECRET)
    // Decoded before judging, and forwarded as judged: an encoded letter is the same path.
    expect((await rawGet(gateway.appEndpoint, '/files/%61dmin/secret', bearer)).body).toBe(SECRET)
    const page = await rawGet(gateway.appEndpoint, '/files/public/report%20q1.pdf')
    expect(page).toEqual({ status: 200, body: 'public content at /files/public/report q1.pdf' })
    expect((await rawGet(gateway.appEndpoint, '/files/public/dir/')).status).toBe(200)
  })
})
