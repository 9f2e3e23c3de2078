/**
 * A small browser stand-in for tests that need many sessions or exact control over requests:
 * cookies kept per host name (as browsers keep them: not per port), redirects followed by hand.
 */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>()

  /** `send` is how requests go out: the network, or a Worker in process (`app.request`). */
  constructor(
    private readonly send: (url: string, init: RequestInit) => Promise<Response> = fetch,
  ) {}

  /** Stores the cookies a response sets for the host of `url`. */
  store(url: string, response: Response): void {
    const host = new URL(url).hostname
    const cookies = this.byHost.get(host) ?? new Map<string, string>()
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      const expired = attributes.some((a) => /^max-age=0$/i.test(a)) || value === ''
      if (expired) cookies.delete(name)
      else cookies.set(name, value)
    }
    this.byHost.set(host, cookies)
  }

  /** The Cookie header a browser would send to `url`. */
  header(url: string): string {
    const cookies = this.byHost.get(new URL(url).hostname) ?? new Map()
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  get(url: string, name: string): string | undefined {
    return this.byHost.get(new URL(url).hostname)?.get(name)
  }

  /** A copy of this jar (a stolen or copied set of cookies). */
  copy(): CookieJar {
    const other = new CookieJar(this.send)
    for (const [host, cookies] of this.byHost) other.byHost.set(host, new Map(cookies))
    return other
  }

  /** One request with this jar's cookies; the response's cookies are stored. No redirect is followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    const cookie = this.header(url)
    if (cookie) headers.set('cookie', cookie)
    const response = await this.send(url, { ...init, headers, redirect: 'manual' })
    this.store(url, response)
    return response
  }
}

/**
 * Opens `{origin}/oauth2/authorize` with `params` and returns the hosted sign-in page it sends
 * the browser to (the page `postLoginForm` fills).
 */
export async function hostedLoginUrl(
  jar: CookieJar,
  origin: string,
  params: Record<string, string>,
): Promise<URL> {
  const authorize = await jar.fetch(`${origin}/oauth2/authorize?${new URLSearchParams(params)}`)
  return new URL(authorize.headers.get('location')!, origin)
}

/**
 * Fills Portcullis's hosted sign-in form at `loginUrl` (CSRF token and all) and posts it; returns
 * the answer (a 303 to the client with a code, or the form again with an error).
 */
export async function postLoginForm(
  jar: CookieJar,
  loginUrl: string,
  username: string,
  password: string,
): Promise<Response> {
  const form = await jar.fetch(loginUrl)
  const html = await form.text()
  const fields = new URLSearchParams()
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields.set(match[1]!, unescapeHtml(match[2]!))
  fields.set('username', username)
  fields.set('password', password)
  const login = new URL('/login', loginUrl).toString()
  return jar.fetch(login, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(login).origin },
    body: fields.toString(),
  })
}

/**
 * Signs in through a gateway `authenticate` route without a browser: the gateway's redirect to
 * the provider, Portcullis's hosted sign-in form (CSRF token and all), and the callback. Returns
 * the page the gateway finally sent the browser back to.
 */
export async function signInThroughGateway(
  jar: CookieJar,
  pageUrl: string,
  username: string,
  password: string,
): Promise<string> {
  const start = await jar.fetch(pageUrl)
  if (start.status !== 303) throw new Error(`expected a redirect to sign in, got ${start.status}`)
  const authorize = start.headers.get('location')!
  const toLogin = await jar.fetch(authorize)
  const loginUrl = new URL(toLogin.headers.get('location')!, authorize).toString()
  const posted = await postLoginForm(jar, loginUrl, username, password)
  if (posted.status !== 303)
    throw new Error(`sign-in form answered ${posted.status}: ${await posted.text()}`)
  const callback = posted.headers.get('location')!
  const back = await jar.fetch(callback)
  if (back.status !== 303)
    throw new Error(`gateway callback answered ${back.status}: ${await back.text()}`)
  return back.headers.get('location')!
}

const unescapeHtml = (text: string): string =>
  text.replace(
    /&(amp|quot|lt|gt|#39|#x27);/g,
    (_, entity: string) =>
      ({ amp: '&', quot: '"', lt: '<', gt: '>', '#39': "'", '#x27': "'" })[entity] ?? '',
  )
