import { createHash, randomBytes } from 'node:crypto'
import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { CookieJar, postLoginForm } from '../support/cookie-jar'
import { AUTH, testApp, type TestApp } from './support/app'

const PASSWORD = 'Oauth-Unit-Pass-42'
const REDIRECT = 'https://rp.example/cb'

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/**
 * The OAuth 2.0 / OIDC endpoints and the hosted UI through the Worker's routes in process
 * (hono's `app.request`), on the injected clock: what RFC 9700 and OIDC Core ask of authorize,
 * token and the sign-in session, including everything that depends on time.
 */
describe.each(['1', '3'])(
  '/oauth2/* and the hosted UI (in process, injected clock), %s directory partition(s)',
  (partitions) => {
    let app: TestApp
    let jar: CookieJar
    let poolId: string
    let clientId: string

    beforeEach(async () => {
      app = testApp({ DIRECTORY_PARTITIONS: partitions })
      jar = new CookieJar(app.fetch)
      poolId = (
        (await app.admin('CreateUserPool', { PoolName: 'oauth' })) as { UserPool: { Id: string } }
      ).UserPool.Id
      clientId = (
        (await app.admin('CreateUserPoolClient', {
          UserPoolId: poolId,
          ClientName: 'rp',
          AllowedOAuthFlows: ['code'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: ['openid', 'email'],
          CallbackURLs: [REDIRECT],
          SupportedIdentityProviders: ['COGNITO'],
          ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        })) as { UserPoolClient: { ClientId: string } }
      ).UserPoolClient.ClientId
      await app.admin('AdminCreateUser', {
        UserPoolId: poolId,
        Username: 'olga',
        MessageAction: 'SUPPRESS',
      })
      await app.admin('AdminSetUserPassword', {
        UserPoolId: poolId,
        Username: 'olga',
        Password: PASSWORD,
        Permanent: true,
      })
    })

    const authorizeUrl = (extra: Record<string, string> = {}) =>
      `${AUTH}/oauth2/authorize?${new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid email',
        state: 'st-1',
        nonce: 'n-1',
        ...extra,
      })}`

    /** Authorize with a fresh PKCE pair, signing in on the hosted form when asked; returns the code. */
    async function codeFor(extra: Record<string, string> = {}) {
      const { verifier, challenge } = pkce()
      let answer = await jar.fetch(
        authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', ...extra }),
      )
      if (new URL(answer.headers.get('location')!, AUTH).pathname === '/login')
        answer = await postLoginForm(
          jar,
          new URL(answer.headers.get('location')!, AUTH).toString(),
          'olga',
          PASSWORD,
        )
      expect(answer.status).toBe(303)
      const location = new URL(answer.headers.get('location')!)
      return { location, code: location.searchParams.get('code')!, verifier }
    }

    const token = (fields: Record<string, string>) =>
      app.fetch(`${AUTH}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: clientId, ...fields }).toString(),
      })
    const exchange = (code: string, verifier: string) =>
      token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      })

    it('signs in on the hosted form and answers with a code, state and iss; the code buys tokens once', async () => {
      const { location, code, verifier } = await codeFor()
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
      expect(location.searchParams.get('state')).toBe('st-1')
      expect(location.searchParams.get('iss')).toBe(`${AUTH}/${poolId}`)
      const first = await exchange(code, verifier)
      expect(first.status).toBe(200)
      expect(first.headers.get('cache-control')).toBe('no-store')
      const tokens = (await first.json()) as { id_token: string; refresh_token: string }
      expect(decodeJwt(tokens.id_token)).toMatchObject({
        nonce: 'n-1',
        aud: clientId,
        iss: `${AUTH}/${poolId}`,
      })
      // A replayed code is refused and revokes what it issued (RFC 9700 §4.5).
      const replay = await exchange(code, verifier)
      expect(replay.status).toBe(400)
      expect(await replay.json()).toMatchObject({ error: 'invalid_grant' })
      const refreshed = await token({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      })
      expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' })
    })

    it('lets a code live five minutes and no longer', async () => {
      const fresh = await codeFor()
      app.advance(5 * 60_000 - 1_000)
      expect((await exchange(fresh.code, fresh.verifier)).status).toBe(200)
      const stale = await codeFor()
      app.advance(5 * 60_000 + 1_000)
      expect(await (await exchange(stale.code, stale.verifier)).json()).toMatchObject({
        error: 'invalid_grant',
      })
    })

    it('checks the PKCE verifier and refuses plain PKCE and public clients without it', async () => {
      const { code } = await codeFor()
      expect(await (await exchange(code, pkce().verifier)).json()).toMatchObject({
        error: 'invalid_grant',
      })
      const plain = await jar.fetch(
        authorizeUrl({ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }),
      )
      expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe(
        'invalid_request',
      )
      const none = await jar.fetch(authorizeUrl())
      expect(new URL(none.headers.get('location')!).searchParams.get('error')).toBe(
        'invalid_request',
      )
    })

    it('shows an error page, never a redirect, for a redirect URI that is not registered', async () => {
      const response = await jar.fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }))
      expect(response.status).toBe(400)
      expect(response.headers.get('location')).toBeNull()
      expect(response.headers.get('content-type')).toContain('text/html')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    })

    it('answers prompt=none without a session with login_required and iss', async () => {
      const { challenge } = pkce()
      const response = await jar.fetch(
        authorizeUrl({ prompt: 'none', code_challenge: challenge, code_challenge_method: 'S256' }),
      )
      const location = new URL(response.headers.get('location')!)
      expect(location.searchParams.get('error')).toBe('login_required')
      expect(location.searchParams.get('iss')).toBe(`${AUTH}/${poolId}`)
      expect(location.searchParams.get('state')).toBe('st-1')
    })

    it('resumes the hosted-UI session, honours max_age, and ends it after an hour idle or twelve hours', async () => {
      await codeFor()
      // The session answers at once (SSO) while it is fresh enough.
      const resumed = await codeFor()
      expect(resumed.code).toBeTruthy()
      app.advance(2_000)
      const { challenge } = pkce()
      const tooOld = await jar.fetch(
        authorizeUrl({ max_age: '1', code_challenge: challenge, code_challenge_method: 'S256' }),
      )
      expect(new URL(tooOld.headers.get('location')!, AUTH).pathname).toBe('/login')
      app.advance(61 * 60_000)
      const idle = await jar.fetch(
        authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
      )
      expect(new URL(idle.headers.get('location')!, AUTH).pathname).toBe('/login')
      await codeFor()
      // Busy for twelve hours (never idle an hour): the session still ends at twelve hours.
      for (let hour = 0; hour < 12; hour++) {
        app.advance(59 * 60_000)
        await codeFor()
      }
      app.advance(59 * 60_000)
      const absolute = await jar.fetch(
        authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
      )
      expect(new URL(absolute.headers.get('location')!, AUTH).pathname).toBe('/login')
    })
  },
)
