import { createServer, type Server } from 'node:http'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import Provider from 'oidc-provider'
import { freePort } from './worker'

/** panva's oidc-provider on a loopback port, issuing ID tokens to scripted sign-ins. */
export interface IdTokenProvider {
  issuer: string
  /** Its signing key (private), published in its JWKS as `kid`: for tokens it would never issue. */
  signingKey: CryptoKey
  kid: string
  /** Signs `subject` in through the development pages and redeems the code: a real ID token for `clientId`. */
  idToken(subject: string, clientId: string): Promise<string>
  close(): Promise<void>
}

const REDIRECT = 'http://127.0.0.1/callback'

/**
 * Starts oidc-provider with one confidential client per id in `clientIds`, signing with an RSA key
 * made here, so a test can also forge tokens under the provider's own key (expired ones, say).
 */
export async function startIdTokenProvider(clientIds: string[]): Promise<IdTokenProvider> {
  const port = await freePort()
  const issuer = `http://127.0.0.1:${port}`
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const kid = `key-${port}`
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }
  const provider = new Provider(issuer, {
    clients: clientIds.map((client_id) => ({
      client_id,
      client_secret: `${client_id}-secret`,
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [jwk] },
    findAccount: async (_context: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id }),
    }),
    pkce: { required: () => false },
    features: { devInteractions: { enabled: true } },
  })
  provider.proxy = false
  const server: Server = createServer(provider.callback())
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))

  async function idToken(subject: string, clientId: string): Promise<string> {
    const cookies = new Map<string, string>()
    const send = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(url, issuer), {
        ...init,
        redirect: 'manual',
        headers: {
          ...(init.headers as Record<string, string>),
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        },
      })
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';')
        const at = pair!.indexOf('=')
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
      }
      return response
    }
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    })
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT,
      nonce: 'n',
      state: 's',
    })
    let location = `/auth?${query}`
    // The development pages: a login form, then a consent form, each answered as a user would.
    for (let step = 0; step < 10; step++) {
      if (location.startsWith(REDIRECT)) break
      const response = await send(location)
      if (new URL(location, issuer).pathname.startsWith('/interaction/')) {
        const page = await response.text()
        const fields: Record<string, string> = page.includes('name="login"')
          ? { prompt: 'login', login: subject, password: 'any' }
          : { prompt: 'consent' }
        const submitted = await send(location, form(fields))
        location = submitted.headers.get('location') ?? ''
      } else {
        await response.arrayBuffer()
        location = response.headers.get('location') ?? ''
      }
      if (!location) throw new Error(`the provider stopped at ${response.status}`)
    }
    const code = new URL(location).searchParams.get('code')
    if (!code) throw new Error(`no code in ${location}`)
    const tokens = await send(
      '/token',
      form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: clientId,
        client_secret: `${clientId}-secret`,
      }),
    )
    const body = (await tokens.json()) as { id_token?: string }
    if (!body.id_token) throw new Error(`no ID token: ${JSON.stringify(body)}`)
    return body.id_token
  }

  return {
    issuer,
    signingKey: privateKey,
    kid,
    idToken,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
