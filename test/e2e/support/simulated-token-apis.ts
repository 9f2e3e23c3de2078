import { createServer, type Server } from 'node:http'
import { freePort } from './worker'

/** A small HTTP server on a loopback port; `tokens` is what it knows, editable while it runs. */
export interface SimulatedApi<T> {
  base: string
  tokens: Map<string, T>
  /** Answers every request with this status from now on (an outage), or normally again (undefined). */
  failWith: number | undefined
  close(): Promise<void>
}

async function serve<T>(
  answer: (url: URL, known: T | undefined) => { status: number; body: unknown },
): Promise<SimulatedApi<T>> {
  const port = await freePort()
  const api: SimulatedApi<T> = {
    base: `http://127.0.0.1:${port}`,
    tokens: new Map(),
    failWith: undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', api.base)
    const { status, body } =
      api.failWith !== undefined
        ? { status: api.failWith, body: { error: 'unavailable' } }
        : answer(url, api.tokens.get(url.searchParams.get('access_token') ?? ''))
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return api
}

/**
 * A simulated Facebook Graph API: `GET /me?fields=id` and `GET /app` with `access_token`, answered
 * in the Graph API's shapes (an OAuthException, code 190, for a token it does not know).
 */
export function simulatedGraphApi(): Promise<SimulatedApi<{ userId: string; appId: string }>> {
  return serve((url, known) => {
    if (!known)
      return {
        status: 400,
        body: {
          error: {
            message: 'Invalid OAuth access token - Cannot parse access token',
            type: 'OAuthException',
            code: 190,
            fbtrace_id: 'simulated',
          },
        },
      }
    if (url.pathname === '/me') return { status: 200, body: { id: known.userId } }
    if (url.pathname === '/app')
      return {
        status: 200,
        body: { id: known.appId, name: 'Simulated app', link: 'https://www.facebook.com/' },
      }
    return { status: 404, body: { error: { message: 'Unknown path', code: 803 } } }
  })
}

/**
 * A simulated Login with Amazon API: `GET /auth/o2/tokeninfo?access_token=`, answered in its
 * shape (`invalid_token` for a token it does not know).
 */
export function simulatedAmazonApi(): Promise<SimulatedApi<{ userId: string; clientId: string }>> {
  return serve((url, known) => {
    if (url.pathname !== '/auth/o2/tokeninfo') return { status: 404, body: { error: 'not_found' } }
    if (!known)
      return {
        status: 400,
        body: { error: 'invalid_token', error_description: 'The request has an invalid parameter' },
      }
    return {
      status: 200,
      body: {
        iss: 'https://www.amazon.com',
        user_id: known.userId,
        aud: known.clientId,
        app_id: 'amzn1.application.simulated',
        exp: 3600,
        iat: Math.floor(Date.now() / 1000),
      },
    }
  })
}
