import { createServer, type Server } from 'node:http'
import Provider from 'oidc-provider'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { endpoint } from './clients'
import { freePort } from './worker'

/** panva's oidc-provider on a loopback port, as an upstream OIDC identity provider of a pool. */
export interface UpstreamProvider {
  issuer: string
  clientId: string
  clientSecret: string
  close(): Promise<void>
}

/**
 * Starts an upstream provider with one confidential client for Portcullis (redirecting to
 * /oauth2/idpresponse) and its development login pages: any login and password sign in, and the
 * login as typed is the subject.
 */
export async function startUpstream(
  clientId = 'portcullis-broker',
  clientSecret = 'broker-secret',
): Promise<UpstreamProvider> {
  const port = await freePort()
  const issuer = `http://127.0.0.1:${port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${endpoint()}/oauth2/idpresponse`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    findAccount: async (_context: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id.toLowerCase()}@example.com`, name: id }),
    }),
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  })
  provider.proxy = false
  const server: Server = createServer(provider.callback())
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** A browser context that does not wait for the web font the provider's pages name. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext()
  await context.route(/^https:\/\/fonts\./, (route) => route.abort())
  return context
}

/**
 * Signs in on the upstream's development pages (login, then consent) and waits until the browser
 * has come back through Portcullis to a URL `done` accepts.
 */
export async function signInUpstream(
  page: Page,
  upstream: UpstreamProvider,
  login: string,
  done: (url: URL) => boolean,
): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(`${upstream.issuer}/interaction/`))
  await page.locator('input[name="login"]').fill(login)
  await page.locator('input[name="password"]').fill('any password')
  await page.getByRole('button', { name: 'Sign-in' }).click()
  await page.getByRole('button', { name: 'Continue' }).waitFor()
  expect(page.url().startsWith(`${upstream.issuer}/interaction/`)).toBe(true)
  await Promise.all([page.waitForURL(done), page.getByRole('button', { name: 'Continue' }).click()])
}

/**
 * The same sign-in without a browser: follows the upstream's redirects from `start` (its
 * authorization URL), submits the development login (as `login`) and consent forms, and returns
 * the URL the upstream finally sends the browser to (Portcullis's /oauth2/idpresponse).
 */
export async function upstreamAnswer(
  upstream: UpstreamProvider,
  start: URL,
  login: string,
): Promise<URL> {
  const jar = new Map<string, string>()
  const send = async (url: URL, form?: Record<string, string>): Promise<Response> => {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { method: 'POST', body: new URLSearchParams(form).toString() } : {}),
    })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, value] = [
        pair!.slice(0, pair!.indexOf('=')),
        pair!.slice(pair!.indexOf('=') + 1),
      ]
      if (!value || /expires=Thu, 01 Jan 1970/i.test(cookie)) jar.delete(name)
      else jar.set(name, value)
    }
    return response
  }
  let url = start
  for (let step = 0; step < 12; step++) {
    if (url.origin !== upstream.issuer) return url
    const response = await send(url)
    const location = response.headers.get('location')
    if (location) {
      url = new URL(location, url)
      continue
    }
    const page = await response.text()
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1]
    if (!prompt) throw new Error(`unexpected upstream page at ${url.pathname}: ${response.status}`)
    const submitted = await send(
      url,
      prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt },
    )
    url = new URL(submitted.headers.get('location')!, url)
  }
  throw new Error('the upstream sign-in did not come back')
}
