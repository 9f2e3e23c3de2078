import {
  CognitoIdentityServiceException,
  CreateIdentityPoolCommand,
  type CreateIdentityPoolCommandInput,
  DescribeIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity'
import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam'
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { testApp } from './support/app'
import { testProvider } from './support/oidc-provider'
import { iamClient, identitySdkClient } from './support/sdk'

/** The name, and the message, of what a call was refused with. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CognitoIdentityServiceException)
      return { name: error.name, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

const CLIENT = 'relying-party'
const GOOGLE = 'https://accounts.google.test'
const APPLE = 'https://appleid.apple.test'
const FACEBOOK = 'https://graph.facebook.test'
const AMAZON = 'https://api.amazon.test'

type Handler = (url: URL) => Response | Promise<Response>

/**
 * The Worker, with the public providers' settings pointed at test hosts, and a stubbed global
 * fetch that hands each host's requests to its handler: two OpenID providers in functions (a
 * generic one at https://idp.example, "Google" and "Apple" at theirs), and simulated Graph and
 * Login with Amazon APIs where a test puts them.
 */
async function setup() {
  const app = testApp({
    LOGIN_GOOGLE_ISSUER: GOOGLE,
    LOGIN_APPLE_ISSUER: APPLE,
    LOGIN_FACEBOOK_GRAPH_URL: FACEBOOK,
    LOGIN_AMAZON_API_URL: AMAZON,
  })
  const idp = await testProvider()
  const openIdAt = async (issuer: string) =>
    testProvider({
      document: {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        userinfo_endpoint: `${issuer}/userinfo`,
        revocation_endpoint: `${issuer}/revoke`,
      },
    })
  const google = await openIdAt(GOOGLE)
  const apple = await openIdAt(APPLE)
  const hosts: Record<string, Handler> = {
    'idp.example': (url) => idp.fetcher(url.href),
    'accounts.google.test': (url) => google.fetcher(url.href),
    'appleid.apple.test': (url) => apple.fetcher(url.href),
  }
  const seen: string[] = []
  vi.stubGlobal('fetch', async (input: string | URL | Request) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    seen.push(url.href)
    const handler = hosts[url.host]
    if (!handler) throw new TypeError(`connection refused: ${url.host}`)
    return handler(url)
  })
  const { OpenIDConnectProviderArn } = await iamClient(app).send(
    new CreateOpenIDConnectProviderCommand({ Url: 'https://idp.example', ClientIDList: [CLIENT] }),
  )
  const identity = identitySdkClient(app)
  const pool = async (input: Partial<CreateIdentityPoolCommandInput> = {}) =>
    (
      await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'app',
          AllowUnauthenticatedIdentities: false,
          OpenIdConnectProviderARNs: [OpenIDConnectProviderArn!],
          SupportedLoginProviders: {
            'accounts.google.com': 'google-client',
            'appleid.apple.com': 'com.example.app',
            'graph.facebook.com': '1234567890',
            'www.amazon.com': 'amzn1.application-oa2-client.abc',
          },
          ...input,
        }),
      )
    ).IdentityPoolId!
  const poolId = await pool()
  const getId = (logins: Record<string, string>) =>
    identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }))
  const nowS = Math.floor(app.now() / 1000)
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: 'https://idp.example',
    sub: 'alice',
    aud: CLIENT,
    iat: nowS,
    exp: nowS + 3600,
    ...extra,
  })
  return { app, idp, google, apple, hosts, seen, identity, pool, poolId, getId, claims, nowS }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

const invalid = (why: string) => ({
  name: 'NotAuthorizedException',
  message: `Invalid login token. ${why}`,
})

describe('logins from an IAM OpenID Connect provider', () => {
  it('verifies the ID token and finds one identity per subject, keyed by the issuer', async () => {
    const { idp, getId, identity, claims } = await setup()
    const first = (await getId({ 'idp.example': await idp.sign(claims()) })).IdentityId!
    const again = (await getId({ 'idp.example': await idp.sign(claims()) })).IdentityId!
    const bob = (await getId({ 'idp.example': await idp.sign(claims({ sub: 'bob' })) })).IdentityId!
    expect(again).toBe(first)
    expect(bob).not.toBe(first)
    expect(await identity.send(new DescribeIdentityCommand({ IdentityId: first }))).toMatchObject({
      Logins: ['idp.example'],
    })
  })

  it('refuses a token for another audience, and applies azp as Cognito does', async () => {
    const { idp, getId, claims } = await setup()
    expect(
      await refusal(getId({ 'idp.example': await idp.sign(claims({ aud: 'other' })) })),
    ).toEqual(invalid('Incorrect token audience.'))
    // With azp present, azp is what must be a client id of the provider.
    const withAzp = (azp: string) => idp.sign(claims({ aud: ['other', CLIENT], azp }))
    expect(await refusal(getId({ 'idp.example': await withAzp('other') }))).toEqual(
      invalid('Incorrect token audience.'),
    )
    await expect(getId({ 'idp.example': await withAzp(CLIENT) })).resolves.toBeDefined()
  })

  it('refuses a token signed by another key under the provider key id, and alg none', async () => {
    const { idp, getId, claims } = await setup()
    const other = await generateKeyPair('RS256')
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa' })
      .sign(other.privateKey)
    expect(await refusal(getId({ 'idp.example': forged }))).toEqual(
      invalid("Couldn't verify signed token."),
    )
    const unsigned = new UnsecuredJWT(claims()).encode()
    expect(await refusal(getId({ 'idp.example': unsigned }))).toEqual(
      invalid("Couldn't verify signed token."),
    )
    // An HMAC token "signed" with the provider's public key, the classic confusion.
    const hmac = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa' })
      .sign(new TextEncoder().encode(JSON.stringify(idp.keys[0])))
    expect(await refusal(getId({ 'idp.example': hmac }))).toEqual(
      invalid("Couldn't verify signed token."),
    )
  })

  it('refuses an expired token beyond five minutes of skew, on the injected clock', async () => {
    const { idp, getId, claims, nowS, app } = await setup()
    const token = await idp.sign(claims({ exp: nowS + 60 }))
    await expect(getId({ 'idp.example': token })).resolves.toBeDefined()
    app.advance((60 + 299) * 1000)
    await expect(getId({ 'idp.example': token })).resolves.toBeDefined()
    app.advance(2000)
    expect(await refusal(getId({ 'idp.example': token }))).toEqual(invalid('Token expired.'))
  })

  it('refuses a provider the pool does not name, and a token under another provider key', async () => {
    const { idp, google, getId, claims } = await setup()
    expect(await refusal(getId({ 'other.example': await idp.sign(claims()) }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Token is not from a supported provider of this identity pool.',
    })
    // Google's token, for the very client id, sent as if from the OIDC provider.
    const googleToken = await google.sign(claims({ iss: GOOGLE, aud: CLIENT }))
    expect(await refusal(getId({ 'idp.example': googleToken }))).toEqual(
      invalid("Issuer doesn't match providerName"),
    )
    // The provider's token sent as Google's.
    const idpToken = await idp.sign(claims({ aud: 'google-client' }))
    expect(await refusal(getId({ 'accounts.google.com': idpToken }))).toEqual(
      invalid("Issuer doesn't match providerName"),
    )
  })

  it('answers a provider that cannot be reached with ExternalServiceException', async () => {
    const { app, idp, pool, claims, identity } = await setup()
    const { OpenIDConnectProviderArn } = await iamClient(app).send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://down.example',
        ClientIDList: [CLIENT],
      }),
    )
    const poolId = await pool({ OpenIdConnectProviderARNs: [OpenIDConnectProviderArn!] })
    const token = await idp.sign(claims({ iss: 'https://down.example' }))
    expect(
      await refusal(
        identity.send(
          new GetIdCommand({ IdentityPoolId: poolId, Logins: { 'down.example': token } }),
        ),
      ),
    ).toMatchObject({ name: 'ExternalServiceException' })
  })

  it('answers a JWKS it cannot fetch with ExternalServiceException (400), a kid it lacks NotAuthorized', async () => {
    const { app, hosts, pool, claims, identity } = await setup()
    const outages: [string, () => Response][] = [
      [
        'keys-refused.example',
        () => {
          throw new TypeError('connection refused')
        },
      ],
      ['keys-busy.example', () => new Response('busy', { status: 503 })],
      ['keys-html.example', () => new Response('<html>', { status: 200 })],
    ]
    for (const [host, outage] of outages) {
      const issuer = `https://${host}`
      const provider = await testProvider({
        document: { issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${issuer}/token` },
      })
      let down = true
      hosts[host] = (url) =>
        down && url.pathname === '/jwks' ? outage() : provider.fetcher(url.href)
      const { OpenIDConnectProviderArn } = await iamClient(app).send(
        new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [CLIENT] }),
      )
      const poolId = await pool({ OpenIdConnectProviderARNs: [OpenIDConnectProviderArn!] })
      const login = async (token: string) =>
        identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [host]: token } }))
      const token = await provider.sign(claims({ iss: issuer }))
      const error = await login(token).catch((caught: unknown) => caught)
      expect(error, host).toBeInstanceOf(CognitoIdentityServiceException)
      expect((error as CognitoIdentityServiceException).name, host).toBe('ExternalServiceException')
      expect((error as CognitoIdentityServiceException).$metadata.httpStatusCode, host).toBe(400)
      // The outage is not kept: once the provider answers again (after the retry pause), it works.
      down = false
      app.advance(5_000)
      await expect(login(token), host).resolves.toMatchObject({ IdentityId: expect.any(String) })
      // A reachable JWKS without the token's kid is the token's fault.
      expect(
        await refusal(login(await provider.sign(claims({ iss: issuer }), { kid: 'gone' }))),
      ).toEqual(invalid("Couldn't verify signed token."))
    }
  })

  it('refuses to name an OpenID Connect provider IAM does not have', async () => {
    const { pool } = await setup()
    const arn = 'arn:aws:iam::000000000000:oidc-provider/nobody.example'
    expect(await refusal(pool({ OpenIdConnectProviderARNs: [arn] }))).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining(arn),
    })
  })
})

describe('Google and Apple logins, as OpenID issuers at configured URLs', () => {
  it('verifies Google ID tokens for the pool client id, with either spelling of iss', async () => {
    const { google, getId, claims } = await setup()
    const token = (extra: Record<string, unknown>) =>
      google.sign(claims({ iss: GOOGLE, aud: 'google-client', ...extra }))
    const first = (await getId({ 'accounts.google.com': await token({}) })).IdentityId!
    const bare = (
      await getId({ 'accounts.google.com': await token({ iss: 'accounts.google.test' }) })
    ).IdentityId!
    expect(bare).toBe(first)
    expect(await refusal(getId({ 'accounts.google.com': await token({ aud: CLIENT }) }))).toEqual(
      invalid('Incorrect token audience.'),
    )
  })

  it('verifies Apple ID tokens for the bundle or services id', async () => {
    const { apple, getId, claims } = await setup()
    const token = await apple.sign(claims({ iss: APPLE, aud: 'com.example.app', sub: '001.abc' }))
    await expect(getId({ 'appleid.apple.com': token })).resolves.toBeDefined()
    const forOther = await apple.sign(claims({ iss: APPLE, aud: 'com.other.app' }))
    expect(await refusal(getId({ 'appleid.apple.com': forOther }))).toEqual(
      invalid('Incorrect token audience.'),
    )
  })
})

/** A simulated Graph API: tokens it knows, each with its user and its app. */
function simulatedGraph(tokens: Record<string, { user: string; app: string }>) {
  return (url: URL) => {
    const known = tokens[url.searchParams.get('access_token') ?? '']
    const oauthError = () =>
      Response.json(
        { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } },
        { status: 400 },
      )
    if (!known) return oauthError()
    if (url.pathname === '/me') return Response.json({ id: known.user })
    if (url.pathname === '/app') return Response.json({ id: known.app, name: 'An app' })
    return new Response('not found', { status: 404 })
  }
}

describe('Facebook and Login with Amazon access tokens, against simulated APIs', () => {
  it('asks the simulated Graph API whose token it is and for which app', async () => {
    const { hosts, getId, seen } = await setup()
    hosts['graph.facebook.test'] = simulatedGraph({
      good: { user: '10001', app: '1234567890' },
      'other-app': { user: '10001', app: '999' },
    })
    const first = (await getId({ 'graph.facebook.com': 'good' })).IdentityId!
    expect((await getId({ 'graph.facebook.com': 'good' })).IdentityId).toBe(first)
    expect(seen).toContain(`${FACEBOOK}/me?fields=id&access_token=good`)
    expect(await refusal(getId({ 'graph.facebook.com': 'other-app' }))).toEqual(
      invalid('Incorrect token audience.'),
    )
    expect(await refusal(getId({ 'graph.facebook.com': 'made-up' }))).toEqual(
      invalid('Facebook did not accept the access token.'),
    )
    hosts['graph.facebook.test'] = () => new Response('busy', { status: 503 })
    expect(await refusal(getId({ 'graph.facebook.com': 'good' }))).toMatchObject({
      name: 'ExternalServiceException',
    })
  })

  it('asks the simulated tokeninfo endpoint which client the token is for, and whose it is', async () => {
    const { hosts, getId } = await setup()
    hosts['api.amazon.test'] = (url) => {
      const token = url.searchParams.get('access_token')
      if (url.pathname !== '/auth/o2/tokeninfo') return new Response('no', { status: 404 })
      if (token === 'Atza|good' || token === 'Atza|other')
        return Response.json({
          iss: 'https://www.amazon.com',
          user_id: 'amzn1.account.ALICE',
          aud: token === 'Atza|good' ? 'amzn1.application-oa2-client.abc' : 'amzn1.other',
          app_id: 'amzn1.application.xyz',
          exp: 3600,
          iat: 1,
        })
      return Response.json(
        { error: 'invalid_token', error_description: 'The request has an invalid parameter' },
        { status: 400 },
      )
    }
    await expect(getId({ 'www.amazon.com': 'Atza|good' })).resolves.toBeDefined()
    expect(await refusal(getId({ 'www.amazon.com': 'Atza|other' }))).toEqual(
      invalid('Incorrect token audience.'),
    )
    expect(await refusal(getId({ 'www.amazon.com': 'Atza|bad' }))).toEqual(
      invalid('Amazon did not accept the access token.'),
    )
    delete hosts['api.amazon.test']
    expect(await refusal(getId({ 'www.amazon.com': 'Atza|good' }))).toMatchObject({
      name: 'ExternalServiceException',
    })
  })
})

describe('login provider settings', () => {
  it('default to the providers themselves and refuse URLs tokens must not be sent to', () => {
    expect(testApp().runtime.loginEndpoints).toEqual({
      googleIssuer: 'https://accounts.google.com',
      appleIssuer: 'https://appleid.apple.com',
      facebookGraphUrl: 'https://graph.facebook.com',
      amazonApiUrl: 'https://api.amazon.com',
    })
    for (const [name, value] of [
      ['LOGIN_GOOGLE_ISSUER', 'http://accounts.google.com'],
      ['LOGIN_APPLE_ISSUER', 'https://169.254.169.254'],
      ['LOGIN_FACEBOOK_GRAPH_URL', 'https://user:pw@graph.example'],
      ['LOGIN_AMAZON_API_URL', 'not a url'],
    ] as const)
      expect(() => testApp({ [name]: value })).toThrow(new RegExp(name))
  })
})
