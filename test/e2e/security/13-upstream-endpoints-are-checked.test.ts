import {
  CreateIdentityProviderCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callbackServer } from '../support/callback-server'
import { adminClient, createAppClient, createPool, endpoint } from '../support/clients'
import { freePort } from '../support/worker'

const admin = adminClient()

/**
 * The upstream's issuer and the endpoints its discovery document names are where Portcullis sends
 * the client secret, codes and PKCE verifiers, and where it sends browsers. They must be https
 * (plain http only on loopback), never a literal private, link-local, unspecified, multicast or
 * shared (CGNAT) address, and a loopback issuer names loopback endpoints only. Nothing in this
 * test sends traffic to any such address: a refusal is seen at the admin API, or at
 * /oauth2/authorize before the browser is sent anywhere.
 */
describe('security review 13: upstream issuers and endpoints are checked', () => {
  let poolId: string
  let discovery: Server
  let base: string
  const discoveryHits: string[] = []
  let callback: Awaited<ReturnType<typeof callbackServer>>

  /** Each case is an issuer `${base}/<case>` whose discovery document names these endpoints. */
  const cases: Record<string, Record<string, string>> = {
    good: {},
    'plain-elsewhere': { authorization_endpoint: 'http://idp.example/auth' },
    'private-token-endpoint': { token_endpoint: 'http://10.0.0.5/token' },
    'metadata-jwks': { jwks_uri: 'http://169.254.169.254/latest/keys' },
    'public-userinfo': { userinfo_endpoint: 'https://idp.example/userinfo' },
    'mapped-private-token': { token_endpoint: 'https://[::ffff:192.168.0.1]/token' },
    'unspecified-token': { token_endpoint: 'http://0.0.0.0/token' },
    'script-token': { token_endpoint: 'javascript:alert(1)' },
  }
  const documentFor = (issuer: string, overrides: Record<string, string>) => ({
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    userinfo_endpoint: `${issuer}/me`,
    ...overrides,
  })

  beforeAll(async () => {
    callback = await callbackServer()
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    discovery = createServer((request, response) => {
      const path = new URL(request.url ?? '/', base).pathname
      discoveryHits.push(path)
      const match = /^\/([\w-]+)\/\.well-known\/openid-configuration$/.exec(path)
      if (match?.[1] === 'redirecting') {
        // A discovery URL that moves elsewhere: the document there describes the issuer asked for.
        response
          .writeHead(302, { location: `${base}/elsewhere/.well-known/openid-configuration` })
          .end()
        return
      }
      if (match?.[1] === 'elsewhere') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(documentFor(`${base}/redirecting`, {})))
        return
      }
      const overrides = match ? cases[match[1]!] : undefined
      if (!overrides) {
        response.writeHead(404).end()
        return
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(documentFor(`${base}/${match![1]}`, overrides)))
    })
    await new Promise<void>((resolve) => discovery.listen(port, '127.0.0.1', resolve))
    poolId = await createPool()
  })

  afterAll(async () => {
    await callback?.close()
    await new Promise((resolve) => discovery?.close(resolve))
  })

  const details = (oidc_issuer: string) => ({
    client_id: 'portcullis',
    client_secret: 'a-secret-worth-stealing',
    authorize_scopes: 'openid',
    oidc_issuer,
  })
  const createProvider = (ProviderName: string, issuer: string) =>
    admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName,
        ProviderType: 'OIDC',
        ProviderDetails: details(issuer),
      }),
    )

  it('refuses an oidc_issuer that is not https, or is a literal private or special address', async () => {
    const refused = [
      'http://idp.example',
      'ftp://idp.example',
      'https://10.1.2.3',
      'https://172.16.0.1',
      'https://172.31.255.254',
      'https://192.168.1.1',
      'https://169.254.169.254',
      'https://100.64.0.1',
      'https://0.0.0.0',
      'https://224.0.0.251',
      'https://255.255.255.255',
      'https://0x0a000001',
      'https://[fd12:3456::1]',
      'https://[fe80::1]',
      'https://[::]',
      'https://[ff02::1]',
      'https://[::ffff:10.0.0.1]',
      'http://10.0.0.1',
      'https://user:password@idp.example',
      'https://idp.example/?tenant=1',
    ]
    for (const [index, issuer] of refused.entries()) {
      await expect(createProvider(`Bad${index}`, issuer), issuer).rejects.toMatchObject({
        name: 'InvalidParameterException',
      })
    }
    for (const [index, issuer] of [
      'https://idp.example',
      'https://172.32.0.1',
      'https://100.128.0.1',
      'https://[2001:db8::1]',
      'http://127.0.0.1:9999',
      'http://localhost:9999/tenant',
      'http://[::1]:9999',
    ].entries()) {
      await createProvider(`Good${index}`, issuer)
    }
    // An update cannot bring a refused issuer in either.
    await expect(
      admin.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Good0',
          ProviderDetails: details('https://192.168.0.10'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('refuses at sign-in a discovery document that names a bad endpoint, before sending anyone there', async () => {
    const names = [...Object.keys(cases), 'redirecting']
    for (const name of names) await createProvider(`c-${name}`, `${base}/${name}`)
    const clientId = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['http://127.0.0.1/callback'],
        SupportedIdentityProviders: names.map((name) => `c-${name}`),
      })
    ).clientId
    const authorize = (provider: string) =>
      fetch(
        `${endpoint()}/oauth2/authorize?${new URLSearchParams({
          client_id: clientId,
          response_type: 'code',
          scope: 'openid',
          redirect_uri: `${callback.base}/callback`,
          state: 's',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
          identity_provider: provider,
        })}`,
        { redirect: 'manual' },
      )

    // The control: a document whose endpoints are all on the loopback issuer's host is followed.
    const good = await authorize('c-good')
    expect(good.status).toBe(303)
    expect(new URL(good.headers.get('location')!).href.startsWith(`${base}/good/auth?`)).toBe(true)

    for (const name of [...Object.keys(cases).filter((n) => n !== 'good'), 'redirecting']) {
      const response = await authorize(`c-${name}`)
      expect(response.headers.get('location'), name).toBeNull()
      expect(response.status, name).toBeGreaterThanOrEqual(500)
      expect(response.headers.get('content-type'), name).toContain('text/html')
    }
    // The redirect was not followed: nothing asked the other address for a document.
    expect(discoveryHits).toContain('/redirecting/.well-known/openid-configuration')
    expect(discoveryHits).not.toContain('/elsewhere/.well-known/openid-configuration')
    // Nobody called any endpoint of any document: only discovery documents were fetched.
    expect(discoveryHits.every((path) => path.endsWith('/.well-known/openid-configuration'))).toBe(
      true,
    )
  })
})
