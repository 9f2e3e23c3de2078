import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startWorker, type RunningWorker } from '../support/worker'

/**
 * When a route's identity provider cannot be reached, nobody's identity can be judged: every
 * caller gets 503 with Retry-After (a browser an HTML page, an API client JSON), never a plain
 * 500 and never a 401 that would call a good token bad.
 */
describe('security review, also found: an unreachable provider answers 503 to everyone', () => {
  let gateway: RunningWorker
  let origin: Server

  beforeAll(async () => {
    const originPort = await freePort()
    origin = createServer((_, response) => response.writeHead(200).end('should not be reached'))
    await new Promise<void>((resolve) => origin.listen(originPort, '127.0.0.1', resolve))
    const nowhere = await freePort()
    gateway = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          providers: {
            gone: { issuer: `http://127.0.0.1:${nowhere}/issuer`, clientIds: ['client'] },
          },
          routes: [
            {
              path: '/app/*',
              origin: `http://127.0.0.1:${originPort}`,
              provider: 'gone',
              unauthenticated: 'authenticate',
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

  it('shows a browser an HTML page', async () => {
    const response = await fetch(`${gateway.appEndpoint}/app/page`, {
      headers: { accept: 'text/html,application/xhtml+xml' },
      redirect: 'manual',
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(await response.text()).toContain('temporarily unavailable')
  })

  it('gives an API client JSON', async () => {
    const response = await fetch(`${gateway.appEndpoint}/app/data`, {
      headers: { authorization: 'Bearer a.b.c' },
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(await response.json()).toMatchObject({ error: 'provider_unavailable' })
  })
})
