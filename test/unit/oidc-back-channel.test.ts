import { describe, expect, it } from 'vitest'
import { authorizationUrl, newFlowSecrets } from '../../src/oidc/authorization-request'
import { fetchUserinfo, revokeToken, tokenRequest } from '../../src/oidc/back-channel'
import { ProviderUnreachable } from '../../src/oidc/errors'
import { toBase64Url } from '../../src/crypto/encoding'
import { sha256 } from '../../src/crypto/hash'
import { CLIENT, ISSUER, testProvider } from './support/oidc-provider'

const CODE = { grant_type: 'authorization_code', code: 'c', redirect_uri: 'https://rp/cb' }
const basic = `Basic ${btoa(`${CLIENT}:s%20cret`)}`

/** The headers and form of the last request the provider saw. */
function lastRequest(provider: Awaited<ReturnType<typeof testProvider>>) {
  const { init } = provider.seen.at(-1)!
  return {
    headers: new Headers(init?.headers),
    form: Object.fromEntries(new URLSearchParams(String(init?.body))),
    redirect: init?.redirect,
  }
}

describe('the authorization request', () => {
  it('carries state, nonce and the S256 challenge of the verifier, and keeps the endpoint query', async () => {
    const secrets = newFlowSecrets()
    expect(secrets.verifier).toHaveLength(43)
    expect(new Set(Object.values(secrets)).size).toBe(3)
    const url = new URL(
      await authorizationUrl(
        { authorizationEndpoint: `${ISSUER}/authorize?tenant=t1` },
        { clientId: CLIENT, redirectUri: 'https://rp/cb', scope: 'openid email', ...secrets },
      ),
    )
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 't1',
      client_id: CLIENT,
      response_type: 'code',
      redirect_uri: 'https://rp/cb',
      scope: 'openid email',
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: toBase64Url(await sha256(secrets.verifier)),
      code_challenge_method: 'S256',
    })
  })
})

describe('the token endpoint', () => {
  it('authenticates with Basic by default, and never follows a redirect', async () => {
    const provider = await testProvider()
    const answer = await tokenRequest(
      provider.metadata,
      { clientId: CLIENT, clientSecret: 's cret' },
      CODE,
    )
    expect(answer).toEqual({ status: 200, body: { access_token: 'at', token_type: 'Bearer' } })
    const sent = lastRequest(provider)
    expect(sent.headers.get('authorization')).toBe(basic)
    expect(sent.form).toEqual({ ...CODE, client_id: CLIENT })
    expect(sent.redirect).toBe('manual')
  })

  it('puts the secret in the body when the provider takes only client_secret_post', async () => {
    const provider = await testProvider()
    const metadata = { ...provider.metadata, tokenEndpointAuthMethods: ['client_secret_post'] }
    await tokenRequest(metadata, { clientId: CLIENT, clientSecret: 's cret' }, CODE)
    const sent = lastRequest(provider)
    expect(sent.headers.get('authorization')).toBeNull()
    expect(sent.form).toEqual({ ...CODE, client_id: CLIENT, client_secret: 's cret' })
  })

  it('sends a public client its id alone', async () => {
    const provider = await testProvider()
    await tokenRequest(provider.metadata, { clientId: CLIENT }, CODE)
    const sent = lastRequest(provider)
    expect(sent.headers.get('authorization')).toBeNull()
    expect(sent.form).toEqual({ ...CODE, client_id: CLIENT })
  })

  it('reports a refusal as it came, a body that is not JSON as none, and no answer as unreachable', async () => {
    const provider = await testProvider()
    provider.routes['/token'] = () => Response.json({ error: 'invalid_grant' }, { status: 400 })
    expect(await tokenRequest(provider.metadata, { clientId: CLIENT }, CODE)).toEqual({
      status: 400,
      body: { error: 'invalid_grant' },
    })
    provider.routes['/token'] = () => new Response('<html>busy</html>', { status: 503 })
    expect(await tokenRequest(provider.metadata, { clientId: CLIENT }, CODE)).toEqual({
      status: 503,
      body: undefined,
    })
    provider.routes['/token'] = () => {
      throw new TypeError('connection reset')
    }
    await expect(
      tokenRequest(provider.metadata, { clientId: CLIENT }, CODE),
    ).rejects.toBeInstanceOf(ProviderUnreachable)
  })
})

describe('revocation (RFC 7009)', () => {
  it('revokes with the revocation endpoint’s own auth methods, and says whether it worked', async () => {
    const provider = await testProvider()
    const metadata = {
      ...provider.metadata,
      tokenEndpointAuthMethods: ['client_secret_basic'],
      revocationEndpointAuthMethods: ['client_secret_post'],
    }
    const client = { clientId: CLIENT, clientSecret: 's cret' }
    expect(await revokeToken(metadata, client, 'rt', 'refresh_token')).toBe(true)
    const sent = lastRequest(provider)
    expect(provider.paths()).toEqual(['/revoke'])
    expect(sent.form).toEqual({
      token: 'rt',
      token_type_hint: 'refresh_token',
      client_id: CLIENT,
      client_secret: 's cret',
    })
    provider.routes['/revoke'] = () => Response.json({ error: 'unsupported' }, { status: 400 })
    expect(await revokeToken(metadata, client, 'rt', 'refresh_token')).toBe(false)
    provider.routes['/revoke'] = () => {
      throw new TypeError('down')
    }
    expect(await revokeToken(metadata, client, 'rt', 'refresh_token')).toBe(false)
    const without = { ...metadata, revocationEndpoint: undefined }
    expect(await revokeToken(without, client, 'rt', 'refresh_token')).toBe(false)
  })
})

describe('userinfo', () => {
  it('answers for the ID token’s subject only', async () => {
    const provider = await testProvider()
    const options = { subject: 'alice', method: 'GET' as const }
    expect(await fetchUserinfo(provider.metadata, 'at', options)).toEqual({
      sub: 'alice',
      email: 'alice@example.com',
    })
    expect(new Headers(provider.seen[0]!.init?.headers).get('authorization')).toBe('Bearer at')
    expect(provider.seen[0]!.init?.redirect).toBe('manual')
    expect(await fetchUserinfo(provider.metadata, 'at', { ...options, subject: 'bob' })).toBeNull()
    provider.routes['/userinfo'] = () => new Response('nope', { status: 401 })
    expect(await fetchUserinfo(provider.metadata, 'at', options)).toBeNull()
    const none = { ...provider.metadata, userinfoEndpoint: undefined }
    expect(await fetchUserinfo(none, 'at', options)).toBeNull()
  })
})
