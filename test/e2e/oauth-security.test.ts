import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createHash, randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, endpoint } from './support/clients'

const PASSWORD = 'Security-Pass-42'
const REDIRECT = 'https://rp.example/callback'
const b64url = (bytes: Buffer) => bytes.toString('base64url')
const pkce = () => {
  const verifier = b64url(randomBytes(32))
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) }
}

/** Signs in through the hosted form over plain HTTP (cookie + CSRF token), returning the redirect. */
async function authorizeWithLogin(
  params: Record<string, string>,
): Promise<{ location: URL; status: number; ssoCookie: string }> {
  const query = new URLSearchParams(params)
  const login = await fetch(`${endpoint()}/login?${query}`, { redirect: 'manual' })
  expect(login.status).toBe(200)
  const csrfCookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('__Host-pcl-csrf='))!
    .split(';')[0]!
  const csrf = csrfCookie.split('=')[1]!
  const response = await fetch(`${endpoint()}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: csrfCookie,
      origin: endpoint(),
    },
    body: new URLSearchParams({ ...params, _csrf: csrf, username: 'sec-user', password: PASSWORD }),
  })
  const sso = response.headers.getSetCookie().find((c) => c.startsWith('__Host-pcl-sso='))
  return {
    location: new URL(response.headers.get('location') ?? 'about:blank'),
    status: response.status,
    ssoCookie: sso?.split(';')[0] ?? '',
  }
}

const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${endpoint()}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  })

describe('OAuth security rules (RFC 9700)', () => {
  let poolId: string
  let publicId: string
  let confidential: { clientId: string; clientSecret?: string }

  beforeAll(async () => {
    poolId = await createPool()
    const oauth = {
      AllowedOAuthFlows: ['code' as const],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [REDIRECT],
    }
    publicId = (await createAppClient(poolId, oauth)).clientId
    confidential = await createAppClient(poolId, { ...oauth, GenerateSecret: true })
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'sec-user',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'sec-user',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
  })

  it('shows an error page, never a redirect, for an unregistered redirect_uri or unknown client', async () => {
    for (const query of [
      { client_id: publicId, redirect_uri: 'https://evil.example/callback', response_type: 'code' },
      { client_id: publicId, redirect_uri: `${REDIRECT}/extra`, response_type: 'code' },
      { client_id: 'nosuchclient', redirect_uri: REDIRECT, response_type: 'code' },
    ]) {
      const response = await fetch(`${endpoint()}/oauth2/authorize?${new URLSearchParams(query)}`, {
        redirect: 'manual',
      })
      expect(response.status).toBe(400)
      expect(response.headers.get('location')).toBeNull()
      expect(response.headers.get('content-type')).toContain('text/html')
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    }
  })

  it('requires PKCE S256 for public clients and refuses plain', async () => {
    const base = { client_id: publicId, redirect_uri: REDIRECT, response_type: 'code', state: 'st' }
    const missing = await fetch(`${endpoint()}/oauth2/authorize?${new URLSearchParams(base)}`, {
      redirect: 'manual',
    })
    expect(missing.status).toBe(303)
    const errorUrl = new URL(missing.headers.get('location')!)
    expect(errorUrl.searchParams.get('error')).toBe('invalid_request')
    expect(errorUrl.searchParams.get('state')).toBe('st')
    expect(errorUrl.searchParams.get('iss')).toBe(`${endpoint()}/${poolId}`)
    const plain = await fetch(
      `${endpoint()}/oauth2/authorize?${new URLSearchParams({ ...base, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' })}`,
      { redirect: 'manual' },
    )
    expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe(
      'invalid_request',
    )
  })

  it('keeps the implicit grant off and answers no CORS on authorize', async () => {
    const implicit = await fetch(
      `${endpoint()}/oauth2/authorize?${new URLSearchParams({ client_id: publicId, redirect_uri: REDIRECT, response_type: 'token' })}`,
      { redirect: 'manual', headers: { origin: 'https://evil.example' } },
    )
    // Errors for response_type=token travel in the fragment, like its tokens would.
    expect(
      new URLSearchParams(new URL(implicit.headers.get('location')!).hash.slice(1)).get('error'),
    ).toBe('unauthorized_client')
    expect(implicit.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('issues single-use codes with a 303, iss and state; a replayed code revokes what it issued', async () => {
    const { verifier, challenge } = pkce()
    const { location, status } = await authorizeWithLogin({
      client_id: publicId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      state: 'xyz',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    expect(status).toBe(303)
    expect(location.searchParams.get('state')).toBe('xyz')
    expect(location.searchParams.get('iss')).toBe(`${endpoint()}/${poolId}`)
    const code = location.searchParams.get('code')!
    const first = await token({
      grant_type: 'authorization_code',
      client_id: publicId,
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    })
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-store')
    const tokens = (await first.json()) as { refresh_token: string; access_token: string }
    const replay = await token({
      grant_type: 'authorization_code',
      client_id: publicId,
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    })
    expect(replay.status).toBe(400)
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' })
    const refresh = await token({
      grant_type: 'refresh_token',
      client_id: publicId,
      refresh_token: tokens.refresh_token,
    })
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('refuses a wrong verifier, a wrong redirect_uri, a code for another client, and a verifier without a challenge', async () => {
    const { verifier, challenge } = pkce()
    const wrongVerifier = await authorizeWithLogin({
      client_id: publicId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    expect(
      await (
        await token({
          grant_type: 'authorization_code',
          client_id: publicId,
          code: wrongVerifier.location.searchParams.get('code')!,
          redirect_uri: REDIRECT,
          code_verifier: pkce().verifier,
        })
      ).json(),
    ).toMatchObject({ error: 'invalid_grant' })
    const wrongRedirect = await authorizeWithLogin({
      client_id: publicId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    expect(
      await (
        await token({
          grant_type: 'authorization_code',
          client_id: publicId,
          code: wrongRedirect.location.searchParams.get('code')!,
          redirect_uri: `${REDIRECT}?x=1`,
          code_verifier: verifier,
        })
      ).json(),
    ).toMatchObject({ error: 'invalid_grant' })
    // A confidential client may skip PKCE; sending a verifier for such a code is a downgrade and fails.
    const noPkce = await authorizeWithLogin({
      client_id: confidential.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
    })
    const basic = {
      authorization: `Basic ${Buffer.from(`${confidential.clientId}:${confidential.clientSecret}`).toString('base64')}`,
    }
    expect(
      await (
        await token(
          {
            grant_type: 'authorization_code',
            code: noPkce.location.searchParams.get('code')!,
            redirect_uri: REDIRECT,
            code_verifier: verifier,
          },
          basic,
        )
      ).json(),
    ).toMatchObject({ error: 'invalid_grant' })
    const another = await authorizeWithLogin({
      client_id: confidential.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
    })
    expect(
      await (
        await token({
          grant_type: 'authorization_code',
          client_id: publicId,
          code: another.location.searchParams.get('code')!,
          redirect_uri: REDIRECT,
        })
      ).json(),
    ).toMatchObject({ error: 'invalid_grant' })
  })

  it('rotates refresh tokens: of concurrent refreshes one rotates, and reuse after the window revokes the family', async () => {
    const { verifier, challenge } = pkce()
    const { location } = await authorizeWithLogin({
      client_id: publicId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const tokens = (await (
      await token({
        grant_type: 'authorization_code',
        client_id: publicId,
        code: location.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      })
    ).json()) as { refresh_token: string }
    const answers = await Promise.all(
      Array.from(
        { length: 5 },
        async () =>
          (
            await token({
              grant_type: 'refresh_token',
              client_id: publicId,
              refresh_token: tokens.refresh_token,
            })
          ).json() as Promise<{ refresh_token?: string }>,
      ),
    )
    const rotated = answers.filter((a) => a.refresh_token)
    expect(rotated).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(
      await (
        await token({
          grant_type: 'refresh_token',
          client_id: publicId,
          refresh_token: tokens.refresh_token,
        })
      ).json(),
    ).toMatchObject({ error: 'invalid_grant' })
    expect(
      await (
        await token({
          grant_type: 'refresh_token',
          client_id: publicId,
          refresh_token: rotated[0]!.refresh_token!,
        })
      ).json(),
    ).toMatchObject({ error: 'invalid_grant' })
  })

  it('revokes the family when a token rotated out generations ago comes back', async () => {
    const { verifier, challenge } = pkce()
    const { location } = await authorizeWithLogin({
      client_id: publicId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const first = (
      (await (
        await token({
          grant_type: 'authorization_code',
          client_id: publicId,
          code: location.searchParams.get('code')!,
          redirect_uri: REDIRECT,
          code_verifier: verifier,
        })
      ).json()) as { refresh_token: string }
    ).refresh_token
    let current = first
    for (let generation = 0; generation < 3; generation++) {
      const answer = (await (
        await token({ grant_type: 'refresh_token', client_id: publicId, refresh_token: current })
      ).json()) as { refresh_token?: string }
      expect(answer.refresh_token).toBeTruthy()
      current = answer.refresh_token!
    }
    // The stolen first token is replayed: it fails, and so does the legitimate holder's newest one.
    expect(
      await (
        await token({ grant_type: 'refresh_token', client_id: publicId, refresh_token: first })
      ).json(),
    ).toMatchObject({ error: 'invalid_grant' })
    expect(
      await (
        await token({ grant_type: 'refresh_token', client_id: publicId, refresh_token: current })
      ).json(),
    ).toMatchObject({ error: 'invalid_grant' })
  })

  it('refuses a sign-in form posted without the CSRF token, and gives a fresh session id at each login', async () => {
    const params = {
      client_id: publicId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    }
    const forged = await fetch(`${endpoint()}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...params, username: 'sec-user', password: PASSWORD }),
    })
    expect(forged.status).toBe(403)
    const first = await authorizeWithLogin(params)
    const second = await authorizeWithLogin(params)
    expect(first.ssoCookie).toMatch(/^__Host-pcl-sso=/)
    expect(first.ssoCookie).not.toBe(second.ssoCookie)
  })

  it('answers bad token requests with typed OAuth errors, never a 500', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ grant_type: 'password', client_id: publicId }, 'unsupported_grant_type'],
      [{ grant_type: 'authorization_code', client_id: publicId }, 'invalid_request'],
      [
        {
          grant_type: 'authorization_code',
          client_id: publicId,
          code: 'junk',
          redirect_uri: REDIRECT,
        },
        'invalid_grant',
      ],
      [
        { grant_type: 'refresh_token', client_id: publicId, refresh_token: 'x'.repeat(5000) },
        'invalid_grant',
      ],
      [{ grant_type: 'client_credentials', client_id: publicId }, 'unauthorized_client'],
      [{ grant_type: 'authorization_code', client_id: 'nobody' }, 'invalid_client'],
    ]
    for (const [body, error] of cases) {
      const response = await token(body)
      expect(response.status).toBeLessThan(500)
      expect(await response.json()).toMatchObject({ error })
    }
    const wrongType = await fetch(`${endpoint()}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(await wrongType.json()).toMatchObject({ error: 'invalid_request' })
    const userInfo = await fetch(`${endpoint()}/oauth2/userInfo`, {
      headers: { authorization: 'Bearer junk' },
    })
    expect(userInfo.status).toBe(401)
    expect(userInfo.headers.get('www-authenticate')).toContain('invalid_token')
  })
})

describe('implicit grant (opt-in), max_age, Cognito logout and custom domains', () => {
  let poolId: string
  let implicitId: string

  beforeAll(async () => {
    poolId = await createPool()
    implicitId = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['implicit', 'code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [REDIRECT],
        LogoutURLs: ['https://rp.example/bye'],
      })
    ).clientId
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'sec-user',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'sec-user',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
  })

  it('returns tokens in the fragment, never the query, for a client that enabled implicit; refuses response_mode=query', async () => {
    const { location } = await authorizeWithLogin({
      client_id: implicitId,
      redirect_uri: REDIRECT,
      response_type: 'token',
      scope: 'openid email',
      state: 'imp',
      nonce: 'n-1',
    })
    expect(location.search).toBe('')
    const fragment = new URLSearchParams(location.hash.slice(1))
    expect(fragment.get('token_type')).toBe('Bearer')
    expect(fragment.get('state')).toBe('imp')
    expect(fragment.get('refresh_token')).toBeNull()
    const idClaims = JSON.parse(
      Buffer.from(fragment.get('id_token')!.split('.')[1]!, 'base64url').toString(),
    )
    expect(idClaims.nonce).toBe('n-1')
    const info = await fetch(`${endpoint()}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${fragment.get('access_token')}` },
    })
    expect(info.status).toBe(200)
    const query = await fetch(
      `${endpoint()}/oauth2/authorize?${new URLSearchParams({ client_id: implicitId, redirect_uri: REDIRECT, response_type: 'token', response_mode: 'query' })}`,
      { redirect: 'manual' },
    )
    expect(new URL(query.headers.get('location')!).hash).toContain('error=invalid_request')
  })

  // max_age and the session's idle and absolute ends are time rules: test/unit/oauth-routes.test.ts.
  it("logs out with Cognito's logout_uri form", async () => {
    const { challenge } = pkce()
    const params = {
      client_id: implicitId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }
    const { ssoCookie } = await authorizeWithLogin(params)
    const fresh = await fetch(`${endpoint()}/oauth2/authorize?${new URLSearchParams(params)}`, {
      redirect: 'manual',
      headers: { cookie: ssoCookie },
    })
    expect(new URL(fresh.headers.get('location')!).searchParams.get('code')).toBeTruthy()
    const logout = await fetch(
      `${endpoint()}/logout?${new URLSearchParams({ client_id: implicitId, logout_uri: 'https://rp.example/bye' })}`,
      { redirect: 'manual', headers: { cookie: ssoCookie } },
    )
    expect(logout.status).toBe(303)
    expect(logout.headers.get('location')).toBe('https://rp.example/bye')
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0')
    const after = await fetch(`${endpoint()}/oauth2/authorize?${new URLSearchParams(params)}`, {
      redirect: 'manual',
      headers: { cookie: ssoCookie },
    })
    expect(new URL(after.headers.get('location')!).pathname).toBe('/login')
    const unregistered = await fetch(
      `${endpoint()}/logout?${new URLSearchParams({ client_id: implicitId, logout_uri: 'https://evil.example/' })}`,
      { redirect: 'manual' },
    )
    expect(unregistered.status).toBe(400)
    expect(unregistered.headers.get('location')).toBeNull()
  })

  it('routes a custom domain to its pool and refuses clients of other pools there', async () => {
    const {
      CreateUserPoolDomainCommand,
      DescribeUserPoolDomainCommand,
      DeleteUserPoolDomainCommand,
    } = await import('@aws-sdk/client-cognito-identity-provider')
    await adminClient().send(
      new CreateUserPoolDomainCommand({
        UserPoolId: poolId,
        Domain: 'auth.portcullis.test',
        CustomDomainConfig: {
          CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        },
      }),
    )
    const described = await adminClient().send(
      new DescribeUserPoolDomainCommand({ Domain: 'auth.portcullis.test' }),
    )
    expect(described.DomainDescription).toMatchObject({ UserPoolId: poolId, Status: 'ACTIVE' })
    await expect(
      adminClient().send(
        new CreateUserPoolDomainCommand({
          UserPoolId: await createPool(),
          Domain: 'auth.portcullis.test',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const otherPool = await createPool()
    const foreign = (
      await createAppClient(otherPool, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: [REDIRECT],
      })
    ).clientId
    const { request } = await import('node:http')
    const status = (clientId: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(
          `${endpoint()}/oauth2/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT, response_type: 'code', code_challenge: pkce().challenge, code_challenge_method: 'S256' })}`,
        )
        request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname + url.search,
            headers: { host: 'auth.portcullis.test' },
          },
          (response) => {
            response.resume()
            resolve(response.statusCode ?? 0)
          },
        )
          .on('error', reject)
          .end()
      })
    expect(await status(implicitId)).toBe(303)
    expect(await status(foreign)).toBe(400)
    await adminClient().send(
      new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'auth.portcullis.test' }),
    )
    expect(
      (
        await adminClient().send(
          new DescribeUserPoolDomainCommand({ Domain: 'auth.portcullis.test' }),
        )
      ).DomainDescription?.UserPoolId,
    ).toBeUndefined()
  })
})
