import { createHash, createHmac, randomBytes } from 'node:crypto'
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

/** One user of a simulated OAuth provider: its profile as the provider's API gives it. */
export type SimulatedProfile = Record<string, string>

/** A simulated Facebook or Login with Amazon sign-in: its pages, token endpoint and profile API. */
export interface SimulatedOAuthProvider {
  base: string
  /** The profile of each login the sign-in page accepts (a login not listed is refused). */
  profiles: Map<string, SimulatedProfile>
  /** Every token request, as its form: what Portcullis sent. */
  tokenRequests: Array<Record<string, string>>
  close(): Promise<void>
}

const readBody = (request: import('node:http').IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => resolve(body))
  })

const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * A simulated OAuth 2.0 provider with the shapes of Facebook's (`/{version}/dialog/oauth`,
 * `/{version}/oauth/access_token`, Graph `/{version}/me?fields=`) or Login with Amazon's (`/ap/oa`,
 * `/auth/o2/token`, `/user/profile`): a sign-in page asking for a login, codes that work once
 * for the client, redirect URI and PKCE verifier they were issued to, access tokens good for the
 * profile API, and errors in each API's shape. The real providers cannot be reached from here.
 */
export async function simulatedOAuthProvider(
  kind: 'facebook' | 'amazon',
  client: { id: string; secret: string },
): Promise<SimulatedOAuthProvider> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const paths =
    kind === 'facebook'
      ? {
          authorize: /^\/v\d+\.\d+\/dialog\/oauth$/,
          token: /^\/v\d+\.\d+\/oauth\/access_token$/,
          profile: /^\/v\d+\.\d+\/me$/,
        }
      : { authorize: /^\/ap\/oa$/, token: /^\/auth\/o2\/token$/, profile: /^\/user\/profile$/ }
  const codes = new Map<
    string,
    { login: string; redirectUri: string; challenge: string; clientId: string }
  >()
  const tokens = new Map<string, string>()
  const provider: SimulatedOAuthProvider = {
    base,
    profiles: new Map(),
    tokenRequests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const json = (response: import('node:http').ServerResponse, status: number, body: unknown) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  const oauthError = (description: string) =>
    kind === 'facebook'
      ? {
          error: {
            message: description,
            type: 'OAuthException',
            code: 100,
            fbtrace_id: 'simulated',
          },
        }
      : { error: 'invalid_grant', error_description: description }
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', base)
    const body = new URLSearchParams(await readBody(request))
    if (paths.authorize.test(url.pathname) && request.method === 'GET') {
      const fields = [...url.searchParams]
        .map(([k, v]) => `<input type="hidden" name="${html(k)}" value="${html(v)}">`)
        .join('')
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<!doctype html><title>Simulated ${kind} sign-in</title><form method="post">${fields}<label>Login <input name="login"></label><button>Log in</button></form>`,
        )
      return
    }
    if (paths.authorize.test(url.pathname) && request.method === 'POST') {
      const redirect = new URL(body.get('redirect_uri') ?? '')
      if (body.get('client_id') !== client.id || !provider.profiles.has(body.get('login') ?? '')) {
        redirect.searchParams.set('error', 'access_denied')
      } else {
        const code = randomBytes(16).toString('hex')
        codes.set(code, {
          login: body.get('login')!,
          redirectUri: body.get('redirect_uri')!,
          challenge: body.get('code_challenge') ?? '',
          clientId: client.id,
        })
        redirect.searchParams.set('code', code)
      }
      redirect.searchParams.set('state', body.get('state') ?? '')
      response.writeHead(302, { location: redirect.toString() }).end()
      return
    }
    if (paths.token.test(url.pathname) && request.method === 'POST') {
      provider.tokenRequests.push(Object.fromEntries(body))
      const issued = codes.get(body.get('code') ?? '')
      codes.delete(body.get('code') ?? '')
      const verifier = body.get('code_verifier') ?? ''
      const challenge = createHash('sha256').update(verifier).digest('base64url')
      if (body.get('client_id') !== client.id || body.get('client_secret') !== client.secret)
        return json(response, 401, oauthError('Error validating client secret.'))
      if (
        !issued ||
        issued.redirectUri !== body.get('redirect_uri') ||
        issued.challenge !== challenge
      )
        return json(
          response,
          400,
          oauthError('This authorization code has been used or is not valid.'),
        )
      const token = randomBytes(16).toString('hex')
      tokens.set(token, issued.login)
      return json(response, 200, { access_token: token, token_type: 'bearer', expires_in: 3600 })
    }
    if (paths.profile.test(url.pathname) && request.method === 'GET') {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '')
      const login = tokens.get(token)
      if (!login)
        return json(
          response,
          kind === 'facebook' ? 400 : 401,
          kind === 'facebook'
            ? {
                error: {
                  message: 'Invalid OAuth access token.',
                  type: 'OAuthException',
                  code: 190,
                },
              }
            : { error: 'invalid_token', error_description: 'The access token is not valid' },
        )
      const profile = provider.profiles.get(login)!
      if (kind === 'facebook') {
        const expected = createHmac('sha256', client.secret).update(token).digest('hex')
        if (url.searchParams.get('appsecret_proof') !== expected)
          return json(response, 400, { error: { message: 'Invalid appsecret_proof', code: 100 } })
        const fields = (url.searchParams.get('fields') ?? 'id').split(',')
        return json(
          response,
          200,
          Object.fromEntries(Object.entries(profile).filter(([k]) => fields.includes(k))),
        )
      }
      return json(response, 200, profile)
    }
    json(response, 404, { error: 'not_found' })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return provider
}
